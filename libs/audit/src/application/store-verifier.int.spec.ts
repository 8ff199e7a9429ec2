import { randomUUID } from 'node:crypto';
import { chainLink, contentHash, EventMetadata, PostgresEventStore } from '@dondoc/event-store';
import { loadAppConfig, ManualClock } from '@dondoc/platform';
import { createTestDatabase, TestDatabase } from '@dondoc/testing';
import { buildSeal, encodeLeaves, Seal, sealHash } from '../domain/seal-digest';
import { SealRepository } from '../infrastructure/seal.repository';
import { SealService } from './seal.service';
import { StoreVerifier } from './store-verifier';

const metadata = (occurredAt = '2020-01-02T01:00:00.000Z'): EventMetadata => {
  const commandId = randomUUID();
  return { actor: 'u-committee', role: 'committee', agency: null, commandId, correlationId: commandId, causationId: null, occurredAt };
};

interface Row {
  global_position: number;
  stream_id: string;
  stream_version: number;
  hash: string;
}

describe('verify: stream hash chains and the chain of seals', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let seals: SealService;
  let verifier: StoreVerifier;
  const streams = ['task-a', 'task-b', 'task-c'].map((s) => `${s}-${randomUUID()}`);

  /** Runs `tamper` as the superuser with the append-only triggers off, then turns them back on. */
  const asSuperuser = async (tamper: string, values: unknown[] = []) => {
    const client = await db.pool.connect();
    try {
      await client.query('ALTER TABLE events DISABLE TRIGGER USER');
      await client.query(tamper, values);
    } finally {
      await client.query('ALTER TABLE events ENABLE TRIGGER USER');
      client.release();
    }
  };
  const rowsOf = async (streamId: string) =>
    (
      await db.pool.query<Row>(
        `SELECT global_position, stream_id, stream_version, encode(hash, 'hex') AS hash FROM events WHERE stream_id = $1 ORDER BY stream_version`,
        [streamId],
      )
    ).rows;
  const saveRow = async (position: number) =>
    (await db.pool.query('SELECT * FROM events WHERE global_position = $1', [position])).rows[0] as Record<string, unknown>;
  const restoreRow = async (row: Record<string, unknown>) => {
    const columns = Object.keys(row);
    await asSuperuser(
      `INSERT INTO events (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      columns.map((c) => row[c]),
    );
  };

  beforeAll(async () => {
    db = await createTestDatabase('audit_verify');
    store = new PostgresEventStore(db.pool);
    const config = loadAppConfig({ JWT_SECRET: 'x'.repeat(32), SEAL_MAX_EVENTS: '4' });
    const clock = new ManualClock('2020-01-05T00:00:00Z');
    const repository = new SealRepository(db.pool);
    seals = new SealService(store, repository, config, clock);
    verifier = new StoreVerifier(db.pool, repository, clock);
    // 3 streams × 4 events, interleaved, one append per event: 12 events, 3 seals of 4.
    for (let n = 0; n < 4; n++) {
      for (const stream of streams) {
        await store.append(stream, n, [{ type: 'Noted', data: { n, text: 'Báo cáo tháng' } }], { metadata: metadata() });
      }
    }
  });

  afterAll(async () => {
    await db.drop();
  });

  it('seals committed ranges into a contiguous chain, idempotently, and finds nothing wrong', async () => {
    const written = (await Promise.all([seals.sealPending(), seals.sealPending(), seals.sealPending()])).flat();
    const all = await seals.page(0, 100);
    expect(all.map((s) => s.sealNo)).toEqual([1, 2, 3]);
    expect(all.reduce((n, s) => n + s.eventCount, 0)).toBe(12);
    expect(written.length).toBe(3);
    expect(await seals.sealPending()).toEqual([]);

    const progress: number[] = [];
    const report = await verifier.verify({ batchSize: 5, onProgress: (p) => progress.push(p.done) });
    expect(report).toMatchObject({ ok: true, eventsChecked: 12, streamsChecked: 3, sealsChecked: 3, unsealedEvents: 0, problems: [] });
    expect(report.lastSeal?.sealNo).toBe(3);
    expect(progress.length).toBeGreaterThan(3);
  });

  it('never seals past a transaction that is still open, and seals it once committed', async () => {
    const slow = await db.pool.connect();
    await slow.query('BEGIN');
    const held = await store.append(`task-slow-${randomUUID()}`, 'no_stream', [{ type: 'Noted', data: {} }], {
      metadata: metadata(),
      client: slow,
    });
    const after = await store.append(streams[0], 4, [{ type: 'Noted', data: { n: 4 } }], { metadata: metadata() });
    expect(after.firstPosition).toBeGreaterThan(held.firstPosition);
    await seals.sealPending();
    expect((await seals.last())!.toPosition).toBeLessThan(held.firstPosition);
    await slow.query('COMMIT');
    slow.release();
    await seals.sealPending();
    expect((await seals.last())!.toPosition).toBeGreaterThanOrEqual(after.firstPosition);
    expect((await verifier.verify()).ok).toBe(true);
  });

  it("finds an event whose data was changed, and names its position", async () => {
    const [, second] = await rowsOf(streams[1]);
    const original = await saveRow(second.global_position);
    await asSuperuser(`UPDATE events SET data = jsonb_set(data, '{text}', '"Đã sửa"') WHERE global_position = $1`, [second.global_position]);
    const report = await verifier.verify();
    expect(report.ok).toBe(false);
    expect(report.firstProblem).toMatchObject({ kind: 'changed', position: second.global_position, streamId: streams[1], streamVersion: 2 });

    await asSuperuser(`UPDATE events SET data = $2 WHERE global_position = $1`, [second.global_position, original.data]);
    expect((await verifier.verify()).ok).toBe(true);
  });

  it('finds the last event of a stream deleted (the stream chain alone cannot): the seal names its position', async () => {
    const rows = await rowsOf(streams[2]);
    const last = rows[rows.length - 1];
    const original = await saveRow(last.global_position);
    await asSuperuser('DELETE FROM events WHERE global_position = $1', [last.global_position]);
    const report = await verifier.verify();
    expect(report.ok).toBe(false);
    expect(report.firstProblem).toMatchObject({ kind: 'missing', position: last.global_position, check: 'seal-event' });

    await restoreRow(original);
    expect((await verifier.verify()).ok).toBe(true);
  });

  it('finds a forged event inserted into a sealed range, even with a correct hash chain', async () => {
    const rows = await rowsOf(streams[0]);
    const last = rows[rows.length - 1];
    // A free position inside the sealed ranges: right after an earlier single-event transaction.
    const free = rows[1].global_position + 1;
    const eventId = randomUUID();
    const meta = metadata();
    const content = contentHash({ streamId: streams[0], eventId, type: 'Noted', schemaVersion: 1, data: { forged: true }, metadata: meta });
    const hash = chainLink(Buffer.from(last.hash, 'hex'), content).toString('hex');
    await asSuperuser(
      `INSERT INTO events (global_position, stream_id, stream_version, event_id, event_type, schema_version, data, metadata, prev_hash, hash)
       VALUES ($1, $2, $3, $4, 'Noted', 1, '{"forged": true}', $5, decode($6, 'hex'), decode($7, 'hex'))`,
      [free, streams[0], last.stream_version + 1, eventId, JSON.stringify(meta), last.hash, hash],
    );
    const report = await verifier.verify();
    expect(report.ok).toBe(false);
    expect(report.firstProblem).toMatchObject({ kind: 'inserted', position: free, check: 'seal-event' });

    await asSuperuser('DELETE FROM events WHERE global_position = $1', [free]);
    expect((await verifier.verify()).ok).toBe(true);
  });

  it('finds two events swapped in the global order, and names the first position', async () => {
    const a = (await rowsOf(streams[0]))[2];
    const b = (await rowsOf(streams[1]))[2];
    const [low, high] = [a.global_position, b.global_position].sort((x, y) => x - y);
    const swap = async () => {
      // Through a temporary position, so that the primary key holds at every step.
      await asSuperuser('UPDATE events SET global_position = -1 WHERE global_position = $1', [low]);
      await asSuperuser('UPDATE events SET global_position = $1 WHERE global_position = $2', [low, high]);
      await asSuperuser('UPDATE events SET global_position = $1 WHERE global_position = -1', [high]);
    };
    await swap();
    const report = await verifier.verify();
    expect(report.ok).toBe(false);
    expect(report.firstProblem).toMatchObject({ kind: 'reordered', position: low });
    expect(report.problems.filter((p) => p.kind === 'reordered').map((p) => p.position)).toEqual(expect.arrayContaining([low, high]));

    await swap();
    expect((await verifier.verify()).ok).toBe(true);
  });

  it('finds two versions of one stream swapped, and names the first position', async () => {
    const [, second, third] = await rowsOf(streams[2]);
    // Through a temporary version, so that the unique (stream, version) key holds at every step.
    await asSuperuser(`UPDATE events SET stream_version = 1000 WHERE stream_id = $1 AND stream_version = 2`, [streams[2]]);
    await asSuperuser(`UPDATE events SET stream_version = 2 WHERE stream_id = $1 AND stream_version = 3`, [streams[2]]);
    await asSuperuser(`UPDATE events SET stream_version = 3 WHERE stream_id = $1 AND stream_version = 1000`, [streams[2]]);
    const report = await verifier.verify();
    expect(report.ok).toBe(false);
    expect(report.firstProblem).toMatchObject({ kind: 'reordered', position: second.global_position });
    expect(report.problems.map((p) => p.position)).toContain(third.global_position);

    await asSuperuser(`UPDATE events SET stream_version = 1000 WHERE stream_id = $1 AND stream_version = 2`, [streams[2]]);
    await asSuperuser(`UPDATE events SET stream_version = 2 WHERE stream_id = $1 AND stream_version = 3`, [streams[2]]);
    await asSuperuser(`UPDATE events SET stream_version = 3 WHERE stream_id = $1 AND stream_version = 1000`, [streams[2]]);
    expect((await verifier.verify()).ok).toBe(true);
  });

  it('finds a rewritten seal, and a seal that a copy kept outside contradicts', async () => {
    const kept = (await seals.page(0, 1))[0];
    expect((await verifier.verify({ anchor: { sealNo: kept.sealNo, sealHash: kept.sealHash } })).ok).toBe(true);

    const client = await db.pool.connect();
    try {
      await client.query('ALTER TABLE event_seals DISABLE TRIGGER USER');
      await client.query(`UPDATE event_seals SET event_count = event_count + 1 WHERE seal_no = 1`);
      const report = await verifier.verify({ anchor: { sealNo: kept.sealNo, sealHash: kept.sealHash } });
      expect(report.problems).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'changed', sealNo: 1, check: 'seal-chain' })]));
      await client.query(`UPDATE event_seals SET event_count = event_count - 1 WHERE seal_no = 1`);
    } finally {
      await client.query('ALTER TABLE event_seals ENABLE TRIGGER USER');
      client.release();
    }
    expect((await verifier.verify({ anchor: { sealNo: kept.sealNo, sealHash: kept.sealHash } })).ok).toBe(true);
    // A copy that does not match what the database holds is reported, naming the seal.
    const wrongCopy = await verifier.verify({ anchor: { sealNo: kept.sealNo, sealHash: 'ab'.repeat(32) } });
    expect(wrongCopy.problems).toEqual([expect.objectContaining({ check: 'anchor', kind: 'changed', sealNo: kept.sealNo, position: kept.fromPosition })]);
    const goneCopy = await verifier.verify({ anchor: { sealNo: 9999, sealHash: kept.sealHash } });
    expect(goneCopy.problems).toEqual([expect.objectContaining({ check: 'anchor', kind: 'missing', sealNo: 9999 })]);
  });

  it('refuses UPDATE and DELETE on the seals', async () => {
    await expect(db.pool.query('UPDATE event_seals SET event_count = 1')).rejects.toThrow(/append-only/);
    await expect(db.pool.query('DELETE FROM event_seals')).rejects.toThrow(/append-only/);
  });

  // Last: it leaves the store rewritten.
  it('a superuser who rewrites an event, its stream chain and every later seal consistently passes verify inside the database: only a seal kept outside catches it', async () => {
    const outside = await seals.page(0, 1000); // what a cron would have copied to WORM storage
    const [, target] = await rowsOf(streams[1]);
    const covering = outside.find((seal) => seal.fromPosition <= target.global_position && target.global_position <= seal.toPosition)!;
    const earlier = outside.filter((seal) => seal.toPosition < covering.fromPosition);
    expect(earlier.length).toBeGreaterThan(0);

    const client = await db.pool.connect();
    try {
      await client.query('ALTER TABLE events DISABLE TRIGGER USER');
      await client.query('ALTER TABLE event_seals DISABLE TRIGGER USER');
      // 1. The event's data, then every hash link of its stream from there on.
      const { rows } = await client.query(
        `SELECT global_position, stream_version, event_id, event_type, schema_version, data, metadata FROM events
          WHERE stream_id = $1 ORDER BY stream_version`,
        [streams[1]],
      );
      let previous: Buffer | null = null;
      for (const row of rows) {
        const data = row.global_position === target.global_position ? { ...row.data, text: 'Báo cáo đã được viết lại' } : row.data;
        const link = chainLink(
          previous,
          contentHash({ streamId: streams[1], eventId: row.event_id, type: row.event_type, schemaVersion: row.schema_version, data, metadata: row.metadata }),
        );
        await client.query('UPDATE events SET data = $2, prev_hash = $3, hash = $4 WHERE global_position = $1', [row.global_position, data, previous, link]);
        previous = link;
      }
      // 2. Every seal from the one covering it, recomputed in chain order.
      let prior: Seal | null = earlier.length ? earlier[earlier.length - 1] : null;
      for (const seal of outside.filter((s) => s.sealNo >= covering.sealNo)) {
        const refs = (
          await client.query<Row>(
            `SELECT global_position, stream_id, stream_version, encode(hash, 'hex') AS hash FROM events
              WHERE global_position BETWEEN $1 AND $2 ORDER BY global_position`,
            [seal.fromPosition, seal.toPosition],
          )
        ).rows.map((r) => ({ globalPosition: r.global_position, streamId: r.stream_id, streamVersion: r.stream_version, hash: r.hash }));
        const rebuilt: Seal = { ...buildSeal(prior, refs, seal.sealedAt), sealNo: seal.sealNo, fromPosition: seal.fromPosition };
        rebuilt.sealHash = sealHash(rebuilt);
        await client.query(
          `UPDATE event_seals SET events_digest = decode($2, 'hex'), prev_seal_hash = decode($3, 'hex'), seal_hash = decode($4, 'hex'), leaves = $5
            WHERE seal_no = $1`,
          [seal.sealNo, rebuilt.eventsDigest, rebuilt.prevSealHash, rebuilt.sealHash, encodeLeaves(refs)],
        );
        prior = rebuilt;
      }
    } finally {
      await client.query('ALTER TABLE events ENABLE TRIGGER USER');
      await client.query('ALTER TABLE event_seals ENABLE TRIGGER USER');
      client.release();
    }

    // Inside the database everything agrees: this is the limit docs/threat-model.md states.
    expect(await verifier.verify()).toMatchObject({ ok: true, problems: [] });
    // The copy of the covering seal (or of any later one) kept outside does not match any more …
    const last = outside[outside.length - 1];
    for (const anchor of [covering, last]) {
      const report = await verifier.verify({ anchor: { sealNo: anchor.sealNo, sealHash: anchor.sealHash } });
      expect(report.ok).toBe(false);
      expect(report.problems).toEqual([expect.objectContaining({ check: 'anchor', kind: 'changed', sealNo: anchor.sealNo, position: anchor.fromPosition })]);
    }
    // … while a copy of a seal before the rewritten event still matches: an outside copy vouches
    // for history up to its own range, so copy the newest seal often.
    const before = earlier[earlier.length - 1];
    expect((await verifier.verify({ anchor: { sealNo: before.sealNo, sealHash: before.sealHash } })).ok).toBe(true);
  });
});
