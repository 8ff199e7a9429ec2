import { randomUUID } from 'node:crypto';
import { EventMetadata, PostgresEventStore, Upcasters } from '@dondoc/event-store';
import { createPgPool } from '@dondoc/platform';
import { createTestDatabase, TestDatabase } from '@dondoc/testing';
import { Projection, TableSpec } from './projection';
import { DEFAULT_ENGINE_OPTIONS, ProjectionEngine } from './projection-engine';

/** See the first test: wait out a transaction elsewhere on the cluster rather than stop short. */
const PATIENT = { ...DEFAULT_ENGINE_OPTIONS, tailWaitMs: 10_000 };
import { ProjectionRebuilder } from './projection-rebuilder';
import { diffTables } from './table-diff';

interface TallyRow {
  stream_id: string;
  events: number;
  positions: number[];
  last_type: string;
}

const TALLY: TableSpec<TallyRow> = { name: 'stream_tally', key: ['stream_id'], columns: ['stream_id', 'events', 'positions', 'last_type'] };

/** Counts every event per stream and keeps its positions: an event applied twice or skipped shows. */
function tallyProjection(name = 'tally', failOn?: string): Projection {
  return {
    name,
    tables: [TALLY],
    async apply(events, tables) {
      const tally = tables.table(TALLY);
      await tally.load(events.map((e) => ({ stream_id: e.streamId })));
      for (const e of events) {
        if (e.type === failOn) throw new Error('projection bug');
        const row = tally.get({ stream_id: e.streamId }) ?? { stream_id: e.streamId, events: 0, positions: [], last_type: '' };
        tally.put({ ...row, events: row.events + 1, positions: [...row.positions, e.globalPosition], last_type: e.type });
      }
    },
  };
}

const metadata = (): EventMetadata => {
  const commandId = randomUUID();
  return { actor: 't', role: 'system', agency: null, commandId, correlationId: commandId, causationId: null, occurredAt: new Date().toISOString() };
};

describe('ProjectionEngine (PostgreSQL)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase('projection_engine');
    store = new PostgresEventStore(db.pool);
    await db.pool.query(`CREATE TABLE stream_tally (stream_id text PRIMARY KEY, events integer NOT NULL, positions bigint[] NOT NULL, last_type text NOT NULL)`);
    await db.pool.query('CREATE INDEX stream_tally_last_type_idx ON stream_tally (last_type)');
  });

  afterAll(async () => {
    await db.drop();
  });

  const append = async (streams: number, perStream: number, type = 'Thing') => {
    await Promise.all(
      Array.from({ length: streams }, async (_, s) => {
        const stream = `s-${randomUUID()}`;
        for (let i = 0; i < perStream; i++) await store.append(stream, 'any', [{ type, data: { i } }], { metadata: metadata() });
      }),
    );
  };

  const totals = async () => {
    const events = await db.pool.query<{ n: number }>('SELECT count(*)::bigint AS n FROM events');
    const tallied = await db.pool.query<{ n: number; distinct_positions: number }>(
      'SELECT coalesce(sum(events), 0)::bigint AS n, (SELECT count(DISTINCT p) FROM stream_tally, unnest(positions) p)::bigint AS distinct_positions FROM stream_tally',
    );
    const checkpoint = await db.pool.query<{ position: number; events_applied: number }>(
      `SELECT position, events_applied FROM projection_checkpoints WHERE name = 'tally'`,
    );
    return {
      events: Number(events.rows[0].n),
      tallied: Number(tallied.rows[0].n),
      distinct: Number(tallied.rows[0].distinct_positions),
      applied: Number(checkpoint.rows[0]?.events_applied ?? 0),
    };
  };

  // tailWaitMs is long here: a transaction anywhere on the shared cluster (another test file's
  // migration) holds the safe head back for a moment, and catchUp must wait it out, not stop short.
  it('applies the global order in batches and moves the checkpoint with the rows', async () => {
    await append(5, 30);
    const engine = new ProjectionEngine(db.pool, store, new Upcasters(), [tallyProjection()], {
      batchSize: 40,
      lockTimeoutMs: 5_000,
      tailWaitMs: 10_000,
    });
    await engine.ensureCheckpoints();
    const result = await engine.catchUp('tally');
    expect(result.events).toBe(150);
    expect(result.position).toBe(await store.safeHeadPosition());
    expect(await totals()).toEqual({ events: 150, tallied: 150, distinct: 150, applied: 150 });
    // Nothing new: a wake-up applies nothing and moves nothing.
    expect((await engine.catchUp('tally')).events).toBe(0);
  });

  it('rolls a failing batch back whole: rows and checkpoint stay where they were', async () => {
    const before = await totals();
    const position = (await db.pool.query(`SELECT position FROM projection_checkpoints WHERE name = 'tally'`)).rows[0].position;
    await append(1, 3, 'Poison');
    const failing = new ProjectionEngine(db.pool, store, new Upcasters(), [tallyProjection('tally', 'Poison')], PATIENT);
    await expect(failing.catchUp('tally')).rejects.toThrow('projection bug');
    expect(await totals()).toEqual({ ...before, events: before.events + 3 });
    expect((await db.pool.query(`SELECT position FROM projection_checkpoints WHERE name = 'tally'`)).rows[0].position).toBe(position);
    const healthy = new ProjectionEngine(db.pool, store, new Upcasters(), [tallyProjection()], PATIENT);
    await healthy.catchUp('tally');
    expect(await totals()).toEqual({ events: before.events + 3, tallied: before.events + 3, distinct: before.events + 3, applied: before.events + 3 });
  });

  it('lets two engines on separate connections work one projection at once without applying an event twice', async () => {
    const pools = [createPgPool(db.url, 4), createPgPool(db.url, 4)];
    try {
      const engines = pools.map(
        (pool) =>
          new ProjectionEngine(pool, new PostgresEventStore(pool), new Upcasters(), [tallyProjection()], {
            batchSize: 7,
            lockTimeoutMs: 10_000,
            tailWaitMs: 10_000,
          }),
      );
      let appending = true;
      const writers = append(8, 40).finally(() => (appending = false));
      const runners = engines.map(async (engine) => {
        while (appending) await engine.catchUp('tally');
        await engine.catchUp('tally');
      });
      await Promise.all([writers, ...runners]);
      await engines[0].catchUp('tally');
      const t = await totals();
      expect(t.tallied).toBe(t.events);
      expect(t.distinct).toBe(t.events);
      expect(t.applied).toBe(t.events);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('waits for an event held back by a transaction still open, then applies it with the committed ones after it', async () => {
    const engine = new ProjectionEngine(db.pool, store, new Upcasters(), [tallyProjection()], PATIENT);
    await engine.catchUp('tally');
    const before = await totals();
    const slow = await db.pool.connect();
    try {
      // The open transaction takes the lower position; the two appends after it commit above it.
      await slow.query('BEGIN');
      await store.append(`s-${randomUUID()}`, 'no_stream', [{ type: 'Thing', data: { slow: true } }], { metadata: metadata(), client: slow });
      await append(1, 2);
      const catching = engine.catchUp('tally');
      await new Promise((resolve) => setTimeout(resolve, 300));
      await slow.query('COMMIT');
      const result = await catching;
      // Not 0 (stopping at the safe head while committed events wait above it), not 2 (skipping).
      expect(result.events).toBe(3);
    } finally {
      slow.release();
    }
    expect(await totals()).toEqual({ events: before.events + 3, tallied: before.events + 3, distinct: before.events + 3, applied: before.events + 3 });
  });

  it('rebuilds into fresh tables while the live ones answer, then swaps them in with their index names', async () => {
    const projection = tallyProjection();
    const engine = new ProjectionEngine(db.pool, store, new Upcasters(), [projection], PATIENT);
    await engine.catchUp('tally');
    const indexesBefore = (await db.pool.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'stream_tally' ORDER BY 1`)).rows;
    // Wreck the live table: the rebuild must not copy from it.
    await db.pool.query(`UPDATE stream_tally SET events = events + 1000`);
    const rebuilder = new ProjectionRebuilder(db.pool, store, new Upcasters());
    let reading = true;
    let answered = 0;
    const reader = (async () => {
      while (reading) {
        await db.pool.query('SELECT count(*) FROM stream_tally');
        answered++;
      }
    })();
    const progress: number[] = [];
    const result = await rebuilder.rebuild(projection, { batchSize: 50, onProgress: (p) => progress.push(p.events) });
    reading = false;
    await reader;
    expect(result.swapped).toBe(true);
    expect(answered).toBeGreaterThan(0);
    expect(progress[progress.length - 1]).toBe(result.events);
    const t = await totals();
    expect(t).toEqual({ events: t.events, tallied: t.events, distinct: t.events, applied: t.events });
    const indexesAfter = (await db.pool.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'stream_tally' ORDER BY 1`)).rows;
    expect(indexesAfter).toEqual(indexesBefore);
    const leftovers = await db.pool.query(`SELECT to_regclass('stream_tally_rebuild') AS t`);
    expect(leftovers.rows[0].t).toBeNull();
    // Swapped in analysed: the indexed columns (the key, the index on last_type), not the others.
    const analysed = await db.pool.query<{ attname: string }>(`SELECT attname FROM pg_stats WHERE tablename = 'stream_tally' ORDER BY 1`);
    expect(analysed.rows.map((row) => row.attname)).toEqual(['last_type', 'stream_id']);
    // The live workers go on from the swapped-in checkpoint.
    await append(2, 5);
    await engine.catchUp('tally');
    const after = await totals();
    expect(after.tallied).toBe(after.events);
    expect(after.applied).toBe(after.events);
    // A second rebuild works too (the index names are free again), and equals the live table.
    await rebuilder.rebuild(projection, { swap: false });
    expect(await diffTables(db.pool, 'stream_tally', 'stream_tally_rebuild')).toMatchObject({ onlyHere: 0, onlyThere: 0 });
    await rebuilder.discard(projection);
  });
});
