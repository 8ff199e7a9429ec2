import { Logger } from '@nestjs/common';
import { DatabaseError, Pool, PoolClient } from 'pg';
import { EventStore, Queryable, Upcasters } from '@dondoc/event-store';
import { ProjectedEvent, Projection } from './projection';
import { applyToTables, CHECKPOINT_CHANNEL, CHECKPOINT_PAYLOAD_SQL, PROJECTION_LOCK_SQL } from './projection-engine';
import { BatchTables, quoteIdent, runShared, SharedWork } from './table-buffer';

export interface RebuildProgress {
  /** Events applied to the fresh tables so far. */
  events: number;
  /** Events in the store when the rebuild started (it may end with more). */
  total: number;
  position: number;
  /** `reading` while the fresh tables are built, `swapping` while they are caught up and swapped in. */
  phase: 'reading' | 'swapping';
}

export interface RebuildOptions {
  /** Events per read (default 2,000). */
  batchSize?: number;
  /** false: build `<table>_rebuild` up to the head and leave it there, without swapping (tests compare). */
  swap?: boolean;
  /**
   * Rows cached in memory before the cache is written and dropped (default 1,000,000): bounds
   * the rebuild's memory. Until then every changed row is written once, at the end.
   */
  cacheRows?: number;
  onProgress?: (progress: RebuildProgress) => void;
}

export interface RebuildResult {
  projection: string;
  events: number;
  position: number;
  seconds: number;
  swapped: boolean;
  tables: string[];
}

/** A rebuild's fresh table: the indexes to build once its rows are in, and the columns analysed then. */
interface FreshTable {
  name: string;
  indexes: string[];
  /**
   * The indexed columns (those that decide between an index and a scan). The others' statistics
   * cost a rebuild more than the rest of its writing; a column list leaves the table's count of
   * changes since it was analysed as it was, so autovacuum analyses the whole table later.
   */
  analysed: string[];
}

/**
 * The statistics target of a fresh table's ANALYZE: a sample of 9,000 rows instead of 30,000.
 * Enough to choose between an index and a scan, and about a third of the time (the obligations'
 * took 42 ms instead of 130); autovacuum later analyses at the full target (see FreshTable.analysed).
 */
const FRESH_STATISTICS_TARGET = 30;
const DEADLOCK = '40P01';
const SWAP_ATTEMPTS = 5;
const lockKey = (projection: Projection) => `dondoc:rebuild:${projection.name}`;
/** A connection that failed outside PostgreSQL (reset, terminated): released as broken, not reused. */
const isBrokenConnection = (error: unknown): error is Error =>
  error instanceof Error && !(error instanceof DatabaseError) && /ECONN|terminated/i.test(error.message);

/**
 * Rebuilds projections from position 0 into fresh `<table>_rebuild` tables while the live ones
 * keep answering and the workers keep them current; then swaps each in: in one transaction it
 * locks the live checkpoint (the workers wait), applies the last events, drops the old tables,
 * renames the fresh ones (and their indexes) in, and moves the checkpoint to the rebuilt position.
 *
 * Several projections are rebuilt from one read of the store. The fresh tables are private until
 * the swap, so their rows stay in memory between batches (the buffers know the tables hold
 * nothing else) and are written in bulk when the cache is full and at the end (the first time
 * with COPY): no read-before-write, and a row changed by a thousand events is written once.
 *
 * The rebuild calls nothing but the projections' `apply`: projections have no side effects, so
 * no reminder or delivery can go out twice.
 */
export class ProjectionRebuilder {
  private readonly logger = new Logger(ProjectionRebuilder.name);

  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly upcasters: Upcasters,
  ) {}

  async rebuild(projection: Projection, options: RebuildOptions = {}): Promise<RebuildResult> {
    return (await this.rebuildMany([projection], options))[0];
  }

  /** Rebuilds every projection given from one pass over the store, then swaps each in. */
  async rebuildMany(projections: readonly Projection[], options: RebuildOptions = {}): Promise<RebuildResult[]> {
    const batchSize = options.batchSize ?? 2_000;
    const cacheRows = options.cacheRows ?? 1_000_000;
    const started = process.hrtime.bigint();
    const client = await this.pool.connect();
    let broken: Error | undefined;
    const locked: Projection[] = [];
    try {
      for (const projection of projections) {
        const lock = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [lockKey(projection)]);
        if (!lock.rows[0].ok) throw new Error(`a rebuild of ${projection.name} is already running`);
        locked.push(projection);
      }
      // The fresh tables are private until the swap and can be rebuilt from scratch after a
      // crash: their writes need not wait for the disk.
      await client.query('SET synchronous_commit = off');
      // Counted (for the progress), and the first batch read, while the fresh tables are made: a
      // count of a large store takes a while. Both awaited below; not unhandled if a CREATE fails first.
      const counting = this.countEvents();
      counting.catch(() => undefined);
      let next = this.store.readAllForProjection(0, batchSize);
      next.catch(() => undefined);
      const freshTables: FreshTable[] = [];
      for (const projection of projections) freshTables.push(...(await this.createFreshTables(client, projection)));
      const total = await counting;
      let events = 0;
      let position = 0;
      let lastRecordedAt: Date | null = null;
      const report = (phase: RebuildProgress['phase']) => options.onProgress?.({ events, total, position, phase });
      report('reading');
      const fresh = projections.map(() => new BatchTables(client, '_rebuild', { complete: true }));
      const flush = async () => {
        for (const tables of fresh) {
          await tables.flush();
          if (tables.cached <= cacheRows) continue;
          // Loads read the fresh tables from now on, through their indexes.
          const indexes = freshTables.flatMap((table) => table.indexes.splice(0));
          await runShared([client], indexes.map((index) => (writer: Queryable) => writer.query(index)));
          tables.evict();
        }
      };
      // Read ahead: the next batch is on its way while this one is applied.
      for (;;) {
        const batch = await next;
        if (batch.length === 0) break;
        const last = batch[batch.length - 1];
        if (batch.length === batchSize) next = this.store.readAllForProjection(last.globalPosition, batchSize);
        for (let i = 0; i < projections.length; i++) {
          await applyToTables(projections[i], batch, fresh[i], this.upcasters, { flush: false });
        }
        if (fresh.some((tables) => tables.cached > cacheRows)) await flush();
        events += batch.length;
        position = last.globalPosition;
        lastRecordedAt = last.recordedAt;
        report('reading');
        if (batch.length < batchSize) break;
      }
      // The last writes, with nothing left to read, through a second connection too, so that the
      // database writes two tables at once; each table is indexed and analysed as soon as its
      // rows are in, while the others are still being written.
      await this.withSecondWriter(async (second) => {
        const writes = new Map<string, SharedWork[]>();
        for (const tables of fresh) for (const [table, work] of tables.takeTableWrites().tables) writes.set(table, work);
        // In the order of the writes (the tables with the most rows first); a table's ANALYZE,
        // its longest step, before its indexes, so that the last table's does not run alone at the end.
        const names = [...writes.keys()];
        const rank = (table: FreshTable) => {
          const at = names.indexOf(table.name);
          return at < 0 ? names.length : at;
        };
        const analyses: SharedWork[] = [];
        const indexes: SharedWork[] = [];
        for (const table of [...freshTables].sort((a, b) => rank(a) - rank(b))) {
          const after = writes.get(table.name) ?? [];
          // Statistics before the tables go live, as after any bulk load: without them
          // (autovacuum off, or not round yet) the live batches' lookups by key were planned as
          // scans of whole tables, and projection lag grew with the read models' size.
          const columns = table.analysed.map(quoteIdent).join(', ');
          const analyse = `ANALYZE ${quoteIdent(table.name)} (${columns})`;
          // One simple query, one implicit transaction: the setting ends with it.
          analyses.push({ run: (writer) => writer.query(`SET LOCAL default_statistics_target = ${FRESH_STATISTICS_TARGET}; ${analyse}`), after });
          for (const index of table.indexes.splice(0)) indexes.push({ run: (writer) => writer.query(index), after });
        }
        await runShared([client, second], [...[...writes.values()].flat(), ...analyses, ...indexes]);
      });
      const results: RebuildResult[] = [];
      for (const projection of projections) {
        let result = { events, position };
        let swapped = false;
        if (options.swap !== false) {
          // The swap itself is durable like any other write.
          await client.query('RESET synchronous_commit');
          report('swapping');
          result = await this.swap(client, projection, { events, position, lastRecordedAt }, batchSize);
          swapped = true;
        }
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        this.logger.log(`${projection.name}: rebuilt from ${result.events} events in ${seconds.toFixed(1)} s${swapped ? ', swapped in' : ''}`);
        results.push({ projection: projection.name, ...result, seconds, swapped, tables: projection.tables.map((t) => t.name) });
      }
      // The swaps applied the events appended meanwhile: end the bar where the last one stopped.
      for (const result of results) {
        events = Math.max(events, result.events);
        position = Math.max(position, result.position);
      }
      report(options.swap !== false ? 'swapping' : 'reading');
      return results;
    } catch (error) {
      if (isBrokenConnection(error)) broken = error;
      throw error;
    } finally {
      await client.query('RESET synchronous_commit').catch(() => undefined);
      for (const projection of locked) {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey(projection)]).catch((e: Error) => (broken = e));
      }
      client.release(broken);
    }
  }

  /** Runs `work` with one more connection of the pool, its commits not waiting for the disk either. */
  private async withSecondWriter(work: (writer: PoolClient) => Promise<void>): Promise<void> {
    const writer = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await writer.query('SET synchronous_commit = off');
      await work(writer);
    } catch (error) {
      if (isBrokenConnection(error)) broken = error;
      throw error;
    } finally {
      await writer.query('RESET synchronous_commit').catch((e: Error) => (broken ??= e));
      writer.release(broken);
    }
  }

  /** Drops the fresh tables of an abandoned rebuild. */
  async discard(projection: Projection): Promise<void> {
    for (const table of projection.tables) await this.pool.query(`DROP TABLE IF EXISTS ${quoteIdent(table.name + '_rebuild')}`);
  }

  /**
   * Creates the fresh tables with the live ones' columns, defaults, constraints and indexes, less
   * the indexes that back no key or constraint: those are cheaper built once over the rows than
   * kept up to date row by row. Returns each table with those indexes' definitions, to be run once
   * the rows are in (or before the cache is dropped: the loads by group and condition then read
   * through them), and the columns to analyse then.
   */
  private async createFreshTables(client: PoolClient, projection: Projection): Promise<FreshTable[]> {
    const created: FreshTable[] = [];
    for (const table of projection.tables) {
      const live = quoteIdent(table.name);
      const fresh = quoteIdent(table.name + '_rebuild');
      await client.query(`DROP TABLE IF EXISTS ${fresh}`);
      await client.query(`CREATE TABLE ${fresh} (LIKE ${live} INCLUDING ALL)`);
      const secondary = await client.query<{ name: string; def: string }>(
        `SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS def
           FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
          WHERE x.indrelid = to_regclass($1) AND NOT x.indisprimary AND NOT x.indisunique
            AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
        [table.name + '_rebuild'],
      );
      const indexes: string[] = [];
      for (const index of secondary.rows) {
        await client.query(`DROP INDEX ${quoteIdent(index.name)}`);
        indexes.push(index.def);
      }
      created.push({ name: table.name + '_rebuild', indexes, analysed: await indexedColumns(client, table.name) });
    }
    return created;
  }

  private async applyFresh(client: PoolClient, projection: Projection, events: readonly ProjectedEvent[]): Promise<void> {
    await applyToTables(projection, events, new BatchTables(client, '_rebuild'), this.upcasters);
  }

  private async swap(
    client: PoolClient,
    projection: Projection,
    built: { events: number; position: number; lastRecordedAt: Date | null },
    batchSize: number,
  ): Promise<{ events: number; position: number }> {
    for (let attempt = 1; ; attempt++) {
      let { events, position, lastRecordedAt } = built;
      try {
        await client.query('BEGIN');
        await client.query('INSERT INTO projection_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [projection.name]);
        // The live workers wait here until the swap commits, then go on from the new checkpoint.
        await client.query(PROJECTION_LOCK_SQL, [projection.name]);
        const live = await client.query<{ position: number }>('SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE', [
          projection.name,
        ]);
        for (;;) {
          const batch = await this.store.readAllForProjection(position, batchSize);
          if (batch.length === 0) break;
          await this.applyFresh(client, projection, batch);
          events += batch.length;
          position = batch[batch.length - 1].globalPosition;
          lastRecordedAt = batch[batch.length - 1].recordedAt;
          if (batch.length < batchSize) break;
        }
        if (position < Number(live.rows[0].position)) {
          // Cannot happen with the safe high-water mark (the live worker saw no more than we can);
          // refuse rather than move a checkpoint backwards.
          throw new Error(`${projection.name}: rebuilt position ${position} is behind the live checkpoint ${live.rows[0].position}`);
        }
        for (const table of projection.tables) await this.renameIn(client, table.name);
        await client.query(
          `WITH moved AS (
             UPDATE projection_checkpoints
                SET position = $2, events_applied = $3, last_recorded_at = $4, updated_at = clock_timestamp(), rebuilt_at = clock_timestamp()
              WHERE name = $1
             RETURNING name, position
           )
           SELECT pg_notify('${CHECKPOINT_CHANNEL}', ${CHECKPOINT_PAYLOAD_SQL}) FROM moved`,
          [projection.name, position, events, lastRecordedAt],
        );
        await client.query('COMMIT');
        return { events, position };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        // A query holding one table while waiting for another can deadlock with the renames;
        // PostgreSQL aborts one side, and the swap tries again.
        if (error instanceof DatabaseError && error.code === DEADLOCK && attempt < SWAP_ATTEMPTS) {
          this.logger.warn(`${projection.name}: swap deadlocked with a reader, trying again`);
          continue;
        }
        throw error;
      }
    }
  }

  /** Replaces `name` by `name_rebuild`, giving the fresh indexes the old indexes' names. */
  private async renameIn(client: PoolClient, name: string): Promise<void> {
    const fresh = `${name}_rebuild`;
    const indexes = async (table: string) =>
      (
        await client.query<{ name: string; def: string }>(
          `SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS def
             FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
            WHERE x.indrelid = to_regclass($1)`,
          [table],
        )
      ).rows;
    // An index's definition without its own name and table's name says which old index it replaces.
    const shape = (def: string, index: string, table: string) =>
      def.replace(` INDEX ${index} ON `, ' INDEX ? ON ').replace(new RegExp(`\\bON (\\w+\\.)?${table} `), 'ON ? ');
    const oldByShape = new Map((await indexes(name)).map((i) => [shape(i.def, i.name, name), i.name]));
    const freshIndexes = await indexes(fresh);
    await client.query(`DROP TABLE ${quoteIdent(name)}`);
    await client.query(`ALTER TABLE ${quoteIdent(fresh)} RENAME TO ${quoteIdent(name)}`);
    for (const index of freshIndexes) {
      const old = oldByShape.get(shape(index.def, index.name, fresh));
      if (old && old !== index.name) await client.query(`ALTER INDEX ${quoteIdent(index.name)} RENAME TO ${quoteIdent(old)}`);
    }
  }

  private async countEvents(): Promise<number> {
    const head = await this.store.safeHeadPosition();
    const result = await this.pool.query<{ n: number }>('SELECT count(*)::bigint AS n FROM events WHERE global_position <= $1', [head]);
    return Number(result.rows[0].n);
  }
}

/**
 * The columns `table`'s indexes cover: their keys, and the columns their expressions and
 * predicates read (recorded as the index's dependencies).
 */
async function indexedColumns(writer: Queryable, table: string): Promise<string[]> {
  const result = await writer.query<{ name: string }>(
    `SELECT a.attname AS name
       FROM pg_attribute a
      WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
        AND (EXISTS (SELECT 1 FROM pg_index x WHERE x.indrelid = a.attrelid AND a.attnum = ANY(x.indkey))
          OR EXISTS (SELECT 1 FROM pg_index x JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = x.indexrelid
                      WHERE x.indrelid = a.attrelid AND d.refobjid = a.attrelid AND d.refobjsubid = a.attnum))
      ORDER BY a.attnum`,
    [quoteIdent(table)],
  );
  return result.rows.map((row) => row.name);
}
