import { Logger } from '@nestjs/common';
import { DatabaseError, Pool, PoolClient } from 'pg';
import { EventStore, Upcasters } from '@dondoc/event-store';
import { SAFE_HIGH_WATER_SQL } from '@dondoc/event-store/postgres/event-store.sql';
import { ProjectedEvent, Projection } from './projection';
import { BatchTables } from './table-buffer';

export interface ProjectionEngineOptions {
  /** Events per live batch (one transaction). */
  batchSize: number;
  /** How long a worker waits for another one's batch on the same projection before leaving it the work. */
  lockTimeoutMs: number;
  /**
   * After catching up with the safe head, how long to keep looking while committed events sit
   * above it (an older transaction still running holds the safe head back).
   */
  tailWaitMs: number;
}

export const DEFAULT_ENGINE_OPTIONS: ProjectionEngineOptions = { batchSize: 1000, lockTimeoutMs: 10_000, tailWaitMs: 1_000 };

export interface BatchResult {
  /** Events read past the checkpoint (0: caught up with the safe head). */
  read: number;
  /** Checkpoint after the batch. */
  position: number;
  /** Another worker held the checkpoint longer than the lock timeout: it is doing the work. */
  busy: boolean;
}

export interface CatchUpResult {
  events: number;
  position: number;
}

/**
 * Channel on which every checkpoint move is announced, delivered at commit:
 * `<name>:<position>:<moved at, epoch ms on the database's clock>` (readers that want only the
 * position take the first two fields).
 */
export const CHECKPOINT_CHANNEL = 'dondoc_projection_checkpoints';

/** The announcement's payload from a row with `name` and `position`. */
export const CHECKPOINT_PAYLOAD_SQL = `name || ':' || position || ':' || floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint`;

const LOCK_NOT_AVAILABLE = '55P03';

/**
 * The lock a batch (and a rebuild's swap) holds on a projection: a transaction-level advisory
 * lock, released at commit, rollback or a dead connection. Unlike `SELECT … FOR UPDATE` on the
 * checkpoint row it gives the transaction no transaction id, so a batch holds every reader's safe
 * high-water mark back only while it writes (from its first write to its commit), not while it
 * reads and applies. Waiting for it obeys `lock_timeout`.
 */
export const PROJECTION_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('dondoc:projection:' || $1))`;

/**
 * A projection's name as an SQL literal. Names are persisted constants of the code, never input;
 * the pattern only guards typos. Literals let a batch send several statements in one round trip
 * (the simple query protocol takes no parameters).
 */
function nameLiteral(name: string): string {
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(name)) throw new Error(`unsafe projection name: ${name}`);
  return `'${name}'`;
}

/**
 * Moves the checkpoint and announces it (delivered at commit): the last part of the statement
 * that writes the batch's rows (BatchTables.flushWith).
 */
const checkpointMove =
  (name: string, position: number, applied: number, lastRecordedAt: Date) =>
  (param: (value: unknown) => string): { ctes: string[]; select: string } => ({
    ctes: [
      `moved AS (
  UPDATE projection_checkpoints
     SET position = ${param(position)}::bigint, events_applied = events_applied + ${param(applied)}::bigint,
         last_recorded_at = ${param(lastRecordedAt)}::timestamptz, updated_at = clock_timestamp()
   WHERE name = ${param(name)}::text
  RETURNING name, position
)`,
    ],
    select: `SELECT pg_notify('${CHECKPOINT_CHANNEL}', ${CHECKPOINT_PAYLOAD_SQL}) FROM moved`,
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `apply` over a batch: upcasts, skips the types the projection ignores, flushes the rows
 * (unless `flush` is false: a rebuild keeps its rows in memory over several batches).
 */
export async function applyToTables(
  projection: Projection,
  events: readonly ProjectedEvent[],
  tables: BatchTables,
  upcasters: Upcasters,
  options: { flush?: boolean } = {},
): Promise<void> {
  const wanted: ProjectedEvent[] = [];
  for (const event of events) {
    if (projection.eventTypes && !projection.eventTypes.has(event.type)) continue;
    const current = upcasters.upcast(event);
    wanted.push(current.schemaVersion === event.schemaVersion ? event : { ...event, data: current.data, schemaVersion: current.schemaVersion });
  }
  if (wanted.length > 0) await projection.apply(wanted, tables);
  if (options.flush !== false) await tables.flush();
}

/**
 * Applies the global order to each projection, batch by batch. A batch is one PostgreSQL
 * transaction: take the projection's lock (PROJECTION_LOCK_SQL, so a second worker on the same
 * projection waits and then reads the moved checkpoint), read the checkpoint, read the next
 * events through the store's safe `readAll`, write the rows, move the checkpoint, commit. A crash at any point rolls the whole
 * batch back; nothing is skipped or applied twice.
 */
export class ProjectionEngine {
  private readonly logger = new Logger(ProjectionEngine.name);
  private readonly byName = new Map<string, Projection>();
  private readonly running = new Map<string, { again: boolean; done: Promise<CatchUpResult> }>();

  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly upcasters: Upcasters,
    projections: readonly Projection[],
    private readonly options: ProjectionEngineOptions = DEFAULT_ENGINE_OPTIONS,
  ) {
    for (const projection of projections) {
      if (this.byName.has(projection.name)) throw new Error(`two projections named ${projection.name}`);
      this.byName.set(projection.name, projection);
    }
  }

  get names(): string[] {
    return [...this.byName.keys()];
  }

  projection(name: string): Projection | undefined {
    return this.byName.get(name);
  }

  /** Creates the checkpoint rows of the projections that have none (position 0). */
  async ensureCheckpoints(): Promise<void> {
    await this.pool.query(
      `INSERT INTO projection_checkpoints (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING`,
      [this.names],
    );
  }

  /**
   * Applies batches until the projection has caught up. Calls for a projection already being
   * caught up in this process join that run, which goes round once more so that events appended
   * meanwhile are not left for the next wake-up.
   */
  catchUp(name: string): Promise<CatchUpResult> {
    const projection = this.byName.get(name);
    if (!projection) return Promise.reject(new Error(`unknown projection ${name}`));
    const current = this.running.get(name);
    if (current) {
      current.again = true;
      return current.done;
    }
    const state = { again: false, done: Promise.resolve({ events: 0, position: 0 }) };
    state.done = (async () => {
      try {
        const total: CatchUpResult = { events: 0, position: 0 };
        do {
          state.again = false;
          const result = await this.drain(projection);
          total.events += result.events;
          total.position = result.position;
        } while (state.again);
        return total;
      } finally {
        this.running.delete(name);
      }
    })();
    this.running.set(name, state);
    return state.done;
  }

  private async drain(projection: Projection): Promise<CatchUpResult> {
    let events = 0;
    let waited = 0;
    for (;;) {
      const batch = await this.applyBatch(projection);
      events += batch.read;
      if (batch.busy) return { events, position: batch.position };
      if (batch.read >= this.options.batchSize) continue;
      // Caught up with the safe head. Committed events above it are held back by an older
      // transaction still running (often another projection's batch, a few ms): watch for it
      // to end with a cheap look every millisecond rather than wait for the next wake-up.
      let tail = await this.tail(batch.position);
      if (tail.heldBack) {
        const started = performance.now();
        while (tail.heldBack && waited + performance.now() - started < this.options.tailWaitMs) {
          await sleep(1);
          tail = await this.tail(batch.position);
        }
        // One budget for the whole catch-up, counted only while held back.
        waited += performance.now() - started;
      }
      if (!tail.readable) return { events, position: batch.position };
    }
  }

  /** Whether events after `position` can be read now, and whether committed ones wait above the safe head. */
  private async tail(position: number): Promise<{ readable: boolean; heldBack: boolean }> {
    const result = await this.pool.query<{ readable: boolean; above: boolean }>({
      name: 'dondoc_projection_tail',
      text: `SELECT EXISTS (SELECT 1 FROM events WHERE global_position > $1 AND global_position < ${SAFE_HIGH_WATER_SQL}) AS readable,
                    coalesce((SELECT max(global_position) FROM events) > $1, false) AS above`,
      values: [position],
    });
    const { readable, above } = result.rows[0];
    return { readable, heldBack: above && !readable };
  }

  /** One batch in one transaction, under the checkpoint row's lock. */
  async applyBatch(projection: Projection): Promise<BatchResult> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      const position = await this.beginAndLock(client, projection.name);
      const events = await this.store.readAllForProjection(position, this.options.batchSize);
      if (events.length === 0) {
        await client.query('ROLLBACK');
        return { read: 0, position, busy: false };
      }
      const tables = new BatchTables(client, '');
      await applyToTables(projection, events, tables, this.upcasters, { flush: false });
      const last = events[events.length - 1];
      await tables.flushWith(checkpointMove(projection.name, last.globalPosition, events.length, last.recordedAt));
      await client.query('COMMIT');
      return { read: events.length, position: last.globalPosition, busy: false };
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      if (error instanceof DatabaseError && error.code === LOCK_NOT_AVAILABLE) {
        this.logger.debug(`${projection.name}: another worker holds the checkpoint; leaving the batch to it`);
        return { read: 0, position: await this.checkpoint(projection.name), busy: true };
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /**
   * Begins the batch's transaction, takes the projection's lock (waiting for a batch or swap in
   * flight) and reads its checkpoint, in one round trip; creates the checkpoint at 0 when missing.
   * The batch commits without waiting for the disk: rows and checkpoint are one transaction, so a
   * PostgreSQL crash that loses it loses both and the events are applied again; meanwhile the
   * batch holds the other readers' safe head back for less time.
   */
  private async beginAndLock(client: PoolClient, name: string): Promise<number> {
    const literal = nameLiteral(name);
    const results = (await client.query(
      `BEGIN; SET LOCAL lock_timeout = ${Math.max(1, Math.floor(this.options.lockTimeoutMs))}; SET LOCAL synchronous_commit = off;
       SELECT pg_advisory_xact_lock(hashtext('dondoc:projection:' || ${literal}));
       SELECT position FROM projection_checkpoints WHERE name = ${literal}`,
    )) as unknown as { rows: { position: number }[] }[];
    let rows = results[results.length - 1].rows;
    if (rows.length === 0) {
      await client.query('INSERT INTO projection_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [name]);
      rows = (await client.query<{ position: number }>('SELECT position FROM projection_checkpoints WHERE name = $1', [name])).rows;
    }
    return Number(rows[0].position);
  }

  async checkpoint(name: string): Promise<number> {
    const result = await this.pool.query<{ position: number }>({
      name: 'dondoc_checkpoint',
      text: 'SELECT position FROM projection_checkpoints WHERE name = $1',
      values: [name],
    });
    return result.rows.length ? Number(result.rows[0].position) : 0;
  }
}
