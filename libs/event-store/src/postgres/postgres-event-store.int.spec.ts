import { randomUUID } from 'node:crypto';
import { createTestDatabase, TestDatabase } from '@dondoc/testing';
import { EventMetadata, RecordedEvent } from '../event-store';
import { CommandRunner } from '../decider/command-runner';
import { Decider } from '../decider/decider';
import { WrongExpectedVersionError } from '../errors';
import { chainLink, contentHash } from '../hashing';
import { READ_ALL_FOR_PROJECTION_SQL, READ_ALL_SQL } from './event-store.sql';
import { PostgresEventStore } from './postgres-event-store';

const metadata = (commandId = randomUUID()): EventMetadata => ({
  actor: 'tester',
  role: 'committee',
  agency: null,
  commandId,
  correlationId: commandId,
  causationId: null,
  occurredAt: '2019-11-21T08:00:00.000+07:00',
});

const event = (n: number) => ({ type: 'Noted', data: { n, text: 'Bảo đảm an ninh, trật tự' } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PostgresEventStore', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase('event_store', { poolSize: 60 });
    store = new PostgresEventStore(db.pool);
  });

  afterAll(async () => {
    await db.drop();
  });

  const countEvents = async (streamId?: string) => {
    const result = await db.pool.query<{ n: number }>(
      streamId ? 'SELECT count(*)::int AS n FROM events WHERE stream_id = $1' : 'SELECT count(*)::int AS n FROM events',
      streamId ? [streamId] : [],
    );
    return result.rows[0].n;
  };

  it('appends with an expected version and refuses a stale one', async () => {
    const stream = `test-${randomUUID()}`;
    const first = await store.append(stream, 'no_stream', [event(1), event(2)], { metadata: metadata() });
    expect(first.streamVersion).toBe(2);
    expect(first.lastPosition).toBe(first.firstPosition + 1);

    await expect(store.append(stream, 1, [event(3)], { metadata: metadata() })).rejects.toBeInstanceOf(
      WrongExpectedVersionError,
    );
    await expect(store.append(stream, 5, [event(3)], { metadata: metadata() })).rejects.toMatchObject({
      code: 'WRONG_EXPECTED_VERSION',
      details: { actualVersion: 2 },
    });
    const next = await store.append(stream, 2, [event(3)], { metadata: metadata() });
    expect(next.streamVersion).toBe(3);
    const slice = await store.readStream(stream);
    expect(slice.events.map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 3]);
    expect(slice.events[0].prevHash).toBeNull();
    expect(slice.events[1].prevHash).toBe(slice.events[0].hash);
    expect(slice.events[0].metadata.actor).toBe('tester');
    expect((slice.events[0].data as { text: string }).text).toBe('Bảo đảm an ninh, trật tự');
  });

  it('links each event to its stream predecessor with a hash the reader can recompute', async () => {
    const stream = `chain-${randomUUID()}`;
    await store.append(stream, 'no_stream', [event(1)], { metadata: metadata() });
    await store.append(stream, 1, [event(2), event(3), event(4)], { metadata: metadata() });
    const { events } = await store.readStream(stream);
    let previous: Buffer | null = null;
    for (const e of events) {
      const link = chainLink(previous, contentHash({ ...e }));
      expect(e.prevHash).toBe(previous ? previous.toString('hex') : null);
      expect(e.hash).toBe(link.toString('hex'));
      previous = link;
    }
    expect(events).toHaveLength(4);
  });

  it("gives the appends of one caller's transaction distinct positions, in append order, after those of the pool", async () => {
    const [a, b] = [`tx-a-${randomUUID()}`, `tx-b-${randomUUID()}`];
    await store.append(a, 'no_stream', [event(0)], { metadata: metadata() });
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      const results = [
        await store.append(a, 1, [event(1)], { metadata: metadata(), client }),
        await store.append(b, 'no_stream', [event(2), event(3)], { metadata: metadata(), client }),
        await store.append(a, 2, [event(4), event(5), event(6)], { metadata: metadata(), client }),
        await store.append(b, 2, [event(7)], { metadata: metadata(), client }),
      ];
      await expect(store.append(a, 2, [event(99)], { metadata: metadata(), client })).rejects.toMatchObject({
        details: { actualVersion: 5 },
      });
      await client.query('COMMIT');
      const positions = results.flatMap((r) => [r.firstPosition, r.lastPosition]);
      expect(positions).toEqual([...positions].sort((x, y) => x - y));
      expect(new Set(results.map((r) => r.firstPosition)).size).toBe(4);
      expect(results.map((r) => r.lastPosition - r.firstPosition)).toEqual([0, 1, 2, 0]);
      // One transaction: every position shares its transaction's high bits.
      expect(new Set(positions.map((p) => Math.floor(p / 4096))).size).toBe(1);
    } finally {
      client.release();
    }
    const read = (await store.readAll(0, 100_000)).filter((e) => e.streamId === a || e.streamId === b);
    expect(read.map((e) => (e.data as { n: number }).n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect((await store.readStream(a)).events.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5]);
  });

  it('lets exactly one of 50 concurrent appends at the same expected version win', async () => {
    const stream = `race-${randomUUID()}`;
    await store.append(stream, 'no_stream', [event(0)], { metadata: metadata() });
    const attempts = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => store.append(stream, 1, [event(i), event(i + 100)], { metadata: metadata() })),
    );
    const won = attempts.filter((a) => a.status === 'fulfilled');
    const lost = attempts.filter((a) => a.status === 'rejected') as PromiseRejectedResult[];
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    for (const failure of lost) expect(failure.reason).toBeInstanceOf(WrongExpectedVersionError);
    expect(await countEvents(stream)).toBe(3);
  });

  it('lets exactly one of 20 concurrent appends that start the same stream win, and refuses starting it again', async () => {
    const stream = `new-${randomUUID()}`;
    const attempts = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => store.append(stream, 'no_stream', [event(i)], { commandId: randomUUID(), metadata: metadata() })),
    );
    const lost = attempts.filter((a) => a.status === 'rejected') as PromiseRejectedResult[];
    expect(lost).toHaveLength(19);
    for (const failure of lost) expect(failure.reason).toMatchObject({ code: 'WRONG_EXPECTED_VERSION', details: { actualVersion: 1 } });
    await store.append(stream, 1, [event(100)], { metadata: metadata() });
    await expect(store.append(stream, 'no_stream', [event(101)], { metadata: metadata() })).rejects.toMatchObject({
      details: { expectedVersion: 0, actualVersion: 2 },
    });
    expect(await countEvents(stream)).toBe(2);
    const [first] = (await store.readStream(stream)).events;
    expect(first.prevHash).toBeNull();
    expect(first.hash).toBe(chainLink(null, contentHash({ ...first })).toString('hex'));
  });

  it('appends once for the same command id, sequentially and concurrently', async () => {
    const stream = `idem-${randomUUID()}`;
    const commandId = randomUUID();
    const first = await store.append(stream, 'no_stream', [event(1)], { commandId, metadata: metadata(commandId) });
    const again = await store.append(stream, 'no_stream', [event(1)], { commandId, metadata: metadata(commandId) });
    expect(again).toEqual({ ...first, duplicate: true });

    const concurrentStream = `idem-${randomUUID()}`;
    const sameCommand = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        store.append(concurrentStream, 'any', [event(1), event(2)], { commandId: sameCommand, metadata: metadata(sameCommand) }),
      ),
    );
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.lastPosition)).size).toBe(1);
    expect(await countEvents(concurrentStream)).toBe(2);

    // The same for the one-event statements: starting a stream, and on an existing stream.
    for (const [expected, events] of [['no_stream', 0], [1, 1]] as const) {
      const oneEventStream = `idem-one-${randomUUID()}`;
      if (events) await store.append(oneEventStream, 'no_stream', [event(0)], { metadata: metadata() });
      const command = randomUUID();
      const runs = await Promise.all(
        Array.from({ length: 20 }, () => store.append(oneEventStream, expected, [event(1)], { commandId: command, metadata: metadata(command) })),
      );
      expect(runs.filter((r) => !r.duplicate)).toHaveLength(1);
      expect(new Set(runs.map((r) => `${r.firstPosition}:${r.streamVersion}`)).size).toBe(1);
      expect(await countEvents(oneEventStream)).toBe(events + 1);
    }
  });

  it('refuses a command id already used on another stream, in the store and in the command runner; nothing is written', async () => {
    const first = `idem-a-${randomUUID()}`;
    const other = `idem-b-${randomUUID()}`;
    const commandId = randomUUID();
    await store.append(first, 'no_stream', [event(1)], { commandId, metadata: metadata(commandId) });
    await expect(store.append(other, 'no_stream', [event(1)], { commandId, metadata: metadata(commandId) })).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      kind: 'unprocessable',
    });
    expect(await countEvents(other)).toBe(0);

    const noted: Decider<{ n: number }, number, { type: string; data: { n: number } }> = {
      initialState: () => 0,
      evolve: (count) => count + 1,
      decide: (command) => [{ type: 'Noted', data: { n: command.n } }],
    };
    const runner = new CommandRunner(store);
    const context = { actor: { userId: 'tester', role: 'committee' as const, agency: null }, commandId, now: new Date() };
    await expect(runner.run(noted, other, { n: 1 }, context)).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await countEvents(other)).toBe(0);
    // On its own stream the same id is a replay: the first result, nothing appended.
    const replay = await runner.run(noted, first, { n: 1 }, context);
    expect(replay).toMatchObject({ streamId: first, streamVersion: 1, duplicate: true, eventCount: 0 });
    expect(await countEvents(first)).toBe(1);
  });

  it('answers the first result to a command that loses a race to its own earlier run, whatever it decides on the newer state', async () => {
    const stream = `race-self-${randomUUID()}`;
    const commandId = randomUUID();
    // Once only: a second decision on the stream refuses, as a report already submitted would.
    const once: Decider<{ n: number }, number, { type: string; data: { n: number } }> = {
      initialState: () => 0,
      evolve: (count) => count + 1,
      decide: (command, count) => {
        if (count > 0) throw new WrongExpectedVersionError(stream, 0, count);
        return [{ type: 'Noted', data: { n: command.n } }];
      },
    };
    const context = { actor: { userId: 'tester', role: 'committee' as const, agency: null }, commandId, now: new Date() };
    // The original request commits after the retry looked the command id up and before it reads
    // the stream: the retry then decides on a stream that already holds its own event.
    let original: Promise<unknown> | null = null;
    class OvertakenStore extends PostgresEventStore {
      override async readStream(...args: Parameters<PostgresEventStore['readStream']>) {
        original ??= new CommandRunner(store).run(once, stream, { n: 1 }, context);
        await original;
        return super.readStream(...args);
      }
    }
    const retry = await new CommandRunner(new OvertakenStore(db.pool)).run(once, stream, { n: 1 }, { ...context, expectedVersion: 0 });
    expect(retry).toMatchObject({ streamId: stream, streamVersion: 1, duplicate: true, eventCount: 0 });
    expect(await countEvents(stream)).toBe(1);
  });

  it('lets 20 concurrent writers append 5,000 events over 500 streams while a reader sees each once, in order', async () => {
    const before = await store.safeHeadPosition();
    const streams = Array.from({ length: 500 }, () => `load-${randomUUID()}`);
    const versions = new Map<string, number>(streams.map((s) => [s, 0]));
    let nextStream = 0;
    let written = 0;
    const writer = async () => {
      while (written < 5000) {
        written++;
        const stream = streams[nextStream++ % streams.length];
        const expected = versions.get(stream)!;
        versions.set(stream, expected + 1);
        await store.append(stream, 'any', [event(expected)], { metadata: metadata() });
      }
    };
    const seen: RecordedEvent[] = [];
    let lastCommitted: number | null = null;
    const reader = async () => {
      let cursor = before;
      // The safe high-water mark is cluster-wide: a transaction in another database may hold it
      // back for a while. The reader is done when it has reached the last event the writers
      // committed (known once they are all done), however long that takes.
      const deadline = Date.now() + 120_000;
      for (;;) {
        const page = await store.readAll(cursor, 137);
        seen.push(...page);
        if (page.length) cursor = page[page.length - 1].globalPosition;
        else if (lastCommitted !== null && cursor >= lastCommitted) return;
        else if (Date.now() > deadline) throw new Error(`reader stuck at ${cursor}, last committed ${lastCommitted}`);
        else await sleep(2);
      }
    };
    const reading = reader();
    await Promise.all(Array.from({ length: 20 }, writer));
    lastCommitted = Number((await db.pool.query<{ max: string }>('SELECT max(global_position) AS max FROM events')).rows[0].max);
    await reading;

    const mine = seen.filter((e) => e.streamId.startsWith('load-'));
    expect(mine).toHaveLength(5000);
    expect(new Set(mine.map((e) => e.globalPosition)).size).toBe(5000);
    for (let i = 1; i < seen.length; i++) expect(seen[i].globalPosition).toBeGreaterThan(seen[i - 1].globalPosition);
    const committed = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE stream_id LIKE 'load-%'");
    expect(committed.rows[0].n).toBe(5000);
  });

  it('never lets a reader pass a slow committer, and is not stuck by one that rolls back', async () => {
    for (const outcome of ['COMMIT', 'ROLLBACK'] as const) {
      const start = await store.safeHeadPosition();
      const slow = await db.pool.connect();
      await slow.query('BEGIN');
      const slowStream = `slow-${randomUUID()}`;
      const held = await store.append(slowStream, 'no_stream', [event(1)], { metadata: metadata(), client: slow });
      const fast = await Promise.all(
        Array.from({ length: 10 }, () => store.append(`fast-${randomUUID()}`, 'no_stream', [event(2)], { metadata: metadata() })),
      );
      expect(Math.min(...fast.map((f) => f.firstPosition))).toBeGreaterThan(held.firstPosition);
      const deadline = Date.now() + 2500;
      while (Date.now() < deadline) {
        const page = await store.readAll(start, 1000);
        for (const e of page) expect(e.globalPosition).toBeLessThan(held.firstPosition);
        await sleep(100);
      }
      await slow.query(outcome);
      slow.release();
      const after = await store.readAll(start, 1000);
      const positions = after.map((e) => e.globalPosition);
      if (outcome === 'COMMIT') expect(positions).toContain(held.firstPosition);
      else expect(positions).not.toContain(held.firstPosition);
      for (const f of fast) expect(positions).toContain(f.firstPosition);
    }
  });

  it('reads a stream in version order even without index scans and with rows stored out of order', async () => {
    const stream = `order-${randomUUID()}`;
    await store.append(stream, 'no_stream', [event(1)], { metadata: metadata() });
    for (let v = 1; v < 8; v++) await store.append(stream, v, [event(v + 1)], { metadata: metadata() });
    const client = await db.pool.connect();
    try {
      // Appends land in the heap in version order; rewrite the table in reverse version order
      // (CLUSTER on a temporary descending index), so that only ORDER BY can give versions back in order.
      await client.query('CREATE INDEX events_version_desc_tmp ON events (stream_id, stream_version DESC)');
      await client.query('CLUSTER events USING events_version_desc_tmp');
      await client.query('DROP INDEX events_version_desc_tmp');
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_indexscan = off');
      await client.query('SET LOCAL enable_bitmapscan = off');
      await client.query('SET LOCAL enable_indexonlyscan = off');
      // The heap really holds the stream backwards: a read without ORDER BY sees 8 … 1.
      const heap = await client.query<{ stream_version: number }>('SELECT stream_version FROM events WHERE stream_id = $1', [stream]);
      expect(heap.rows.map((r) => r.stream_version)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
      const orderedByStore = new PostgresEventStore(client as never);
      const slice = await orderedByStore.readStream(stream);
      await client.query('COMMIT');
      expect(slice.events.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the event table', async () => {
    await store.append(`guard-${randomUUID()}`, 'no_stream', [event(1)], { metadata: metadata() });
    const total = await countEvents();
    await expect(db.pool.query(`UPDATE events SET data = '{}'::jsonb`)).rejects.toThrow(/append-only/);
    await expect(db.pool.query('DELETE FROM events')).rejects.toThrow(/append-only/);
    await expect(db.pool.query('TRUNCATE events')).rejects.toThrow(/append-only/);
    await expect(db.pool.query('DELETE FROM command_log')).rejects.toThrow(/append-only/);
    expect(await countEvents()).toBe(total);
  });
});

/** How PostgreSQL plans the global-order reads on a store of 100,000 events. */
describe('PostgresEventStore reads of the global order (query plans)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('event_store_plans');
    // Rows straight into the table, enough for the planner to weigh a scan of everything after a
    // position; not analysed, as a store is until autovacuum comes round (or never, where it is off).
    await db.pool.query(`
      INSERT INTO events (global_position, stream_id, stream_version, event_id, event_type, data, metadata, hash)
      SELECT n, 'plan-' || (n / 10), n % 10 + 1, gen_random_uuid(), 'ReportSubmitted',
             jsonb_build_object('taskId', 'task-' || (n / 10), 'text', repeat('báo cáo ', 20)),
             jsonb_build_object('actor', 'bench', 'occurredAt', '2026-11-30T00:00:00.000Z'), sha256(n::text::bytea)
        FROM generate_series(1, 100000) AS n`);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('reads from far behind along the primary key, never sorting every event after the position', async () => {
    const client = await db.pool.connect();
    try {
      for (const [name, sql] of [['read_all', READ_ALL_SQL], ['read_all_for_projection', READ_ALL_FOR_PROJECTION_SQL]]) {
        await client.query(`PREPARE plan_${name} (bigint, int) AS ${sql}`);
        // A prepared statement's first runs are planned for their values, the later ones generically.
        for (const mode of ['force_custom_plan', 'force_generic_plan']) {
          await client.query(`SET plan_cache_mode = ${mode}`);
          const explained = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE plan_${name} (0, 2000)`);
          const plan = explained.rows.map((row) => row['QUERY PLAN']).join('\n');
          expect(plan).toContain('Index Scan using events_pkey');
          expect(plan).not.toMatch(/Sort|Bitmap/);
        }
      }
    } finally {
      await client.query('RESET plan_cache_mode');
      client.release();
    }
  });
});
