import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { PostgresEventStore, Upcasters } from '@dondoc/event-store';
import {
  bullConnection,
  createTaskingProjections,
  diffWithRebuild,
  ProjectionRebuilder,
  ProjectionWaker,
  QueueName,
  TASKING_PROJECTION_NAMES,
} from '@dondoc/projections';
import { TaskingWorkload } from '@dondoc/projections/testing/tasking-workload';
import { createTestDatabase, createTestRedis, TestDatabase, TestRedis } from '@dondoc/testing';

const ROOT = join(__dirname, '../../../..');
const JWT_SECRET = 'projections-worker-test-secret-0123456789abcdef';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Real worker processes (the app's own main.ts), killed with SIGKILL while events are appended. */
describe('projection workers (processes, PostgreSQL, Redis)', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let store: PostgresEventStore;
  let queue: Queue;
  let waker: ProjectionWaker;
  const children = new Set<ChildProcess>();

  const startWorker = (): ChildProcess => {
    // The projector process (projections only): the full worker's reminder processors append
    // events of their own, and the comparisons below need a store that only the workload writes.
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/worker/src/projector.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        REDIS_URL: redis.url,
        REDIS_PREFIX: redis.prefix,
        JWT_SECRET,
        PG_POOL_SIZE: '6',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
    child.on('exit', (code, signal) => {
      children.delete(child);
      if (code && signal === null) process.stderr.write(`worker exited with ${code}: ${errors}\n`);
    });
    children.add(child);
    return child;
  };

  const kill = async (child: ChildProcess, signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };

  const applied = async (): Promise<number> =>
    Number((await db.pool.query('SELECT coalesce(sum(events_applied), 0)::bigint AS n FROM projection_checkpoints')).rows[0].n);

  const caughtUp = async (timeoutMs: number): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const head = await store.safeHeadPosition();
      const rows = (await db.pool.query<{ name: string; position: number }>('SELECT name, position FROM projection_checkpoints')).rows;
      if (rows.length === TASKING_PROJECTION_NAMES.length && rows.every((r) => Number(r.position) === head)) return;
      if (Date.now() > deadline) throw new Error(`projections not caught up with ${head}: ${JSON.stringify(rows)}`);
      await sleep(100);
    }
  };

  const checkpointsAtHead = async (): Promise<boolean> => {
    const head = await store.safeHeadPosition();
    const rows = (await db.pool.query<{ position: number }>('SELECT position FROM projection_checkpoints')).rows;
    return rows.length === TASKING_PROJECTION_NAMES.length && rows.every((r) => Number(r.position) === head);
  };

  /**
   * Waits until the workers have caught up and the store has stopped growing, then stops them.
   * The worker app also runs other processors (reminders) that append events of their own in
   * response to tasking events; the comparison needs a store that nobody writes to any more.
   */
  const settle = async (workers: ChildProcess[]): Promise<void> => {
    for (let attempt = 0; attempt < 10; attempt++) {
      await caughtUp(120_000);
      const head = await store.safeHeadPosition();
      await sleep(1_500);
      if ((await store.safeHeadPosition()) !== head) continue;
      await Promise.all(workers.map((worker) => kill(worker, 'SIGTERM')));
      if (await checkpointsAtHead()) return;
      // Something was appended between the last batch and the stop: let a worker apply it.
      workers = [startWorker()];
    }
    throw new Error('the store never stopped growing');
  };

  /** Every read model equals, row for row, the same model rebuilt from position 0; no event counted twice. */
  const expectEqualToRebuild = async () => {
    const rebuilder = new ProjectionRebuilder(db.pool, store, new Upcasters());
    for (const projection of createTaskingProjections()) {
      const result = await rebuilder.rebuild(projection, { swap: false, batchSize: 1000 });
      const checkpoint = (
        await db.pool.query<{ position: number; events_applied: number }>('SELECT position, events_applied FROM projection_checkpoints WHERE name = $1', [
          projection.name,
        ])
      ).rows[0];
      expect(Number(checkpoint.position)).toBe(result.position);
      // Each event moved the checkpoint exactly once.
      expect(Number(checkpoint.events_applied)).toBe(result.events);
      const diffs = await diffWithRebuild(db.pool, projection);
      for (const diff of diffs) {
        expect(diff).toEqual({ table: diff.table, rows: diff.otherRows, otherRows: diff.otherRows, onlyHere: 0, onlyThere: 0 });
      }
      expect(diffs.find((d) => d.table === projection.tables[0].name)!.rows).toBeGreaterThan(0);
      await rebuilder.discard(projection);
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase('projection_workers', { poolSize: 12 });
    redis = await createTestRedis('projection_workers');
    store = new PostgresEventStore(db.pool);
    queue = new Queue(QueueName.Projections, { connection: bullConnection(redis.url), prefix: redis.prefix });
    waker = new ProjectionWaker(queue, TASKING_PROJECTION_NAMES);
  });

  afterAll(async () => {
    await Promise.all([...children].map((child) => kill(child, 'SIGKILL')));
    await queue.close();
    await redis.cleanup();
    await db.drop();
  });

  it('loses and repeats nothing when a worker is SIGKILLed five times while 10,000 events are appended', async () => {
    const workload = new TaskingWorkload(store, { seed: 11, agencies: 15, plans: 4 });
    const total = 10_000;
    let written = await workload.setup();
    let appending = true;
    // Paced so that the appends span the kills: about 700 events/s, waking the workers after each.
    const appends = (async () => {
      const started = Date.now();
      while (written < total) {
        const target = Math.min(total, 700 * ((Date.now() - started) / 1000) + 50);
        if (written >= target) {
          await sleep(10);
          continue;
        }
        const batch = Math.min(25, total - written);
        await workload.run(batch, { concurrency: 4, targetTasks: 900 });
        written += batch;
        waker.wakeSoon();
      }
    })().finally(() => (appending = false));

    let kills = 0;
    while (appending || kills < 5) {
      const before = await applied();
      const worker = startWorker();
      // Let it boot and start applying (catching up the backlog of its predecessor), then kill it mid-flight.
      const deadline = Date.now() + 30_000;
      while ((await applied()) === before && Date.now() < deadline) await sleep(20);
      await sleep(Math.floor(Math.random() * 150));
      await kill(worker, 'SIGKILL');
      kills++;
    }
    await appends;
    expect(kills).toBeGreaterThanOrEqual(5);
    expect(Number((await db.pool.query('SELECT count(*)::bigint AS n FROM events')).rows[0].n)).toBeGreaterThanOrEqual(total);

    await settle([startWorker()]);
    await expectEqualToRebuild();
  });

  it('applies no event twice with two worker processes on the same projections at once', async () => {
    const workers = [startWorker(), startWorker()];
    const workload = new TaskingWorkload(store, { seed: 12, agencies: 10, plans: 3 });
    await workload.setup();
    for (let i = 0; i < 60; i++) {
      await workload.run(50, { concurrency: 4, targetTasks: 400 });
      // Both workers are woken for every projection: their jobs and polls race for the same checkpoints.
      await waker.wake();
    }
    await settle(workers);
    await expectEqualToRebuild();
  });
});
