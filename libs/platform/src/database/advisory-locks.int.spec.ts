import { createTestDatabase, TestDatabase } from '@dondoc/testing';
import { AdvisoryLocks } from './advisory-locks';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('AdvisoryLocks', () => {
  let db: TestDatabase;
  // Two instances: two processes on the same database.
  let first: AdvisoryLocks;
  let second: AdvisoryLocks;

  beforeAll(async () => {
    db = await createTestDatabase('advisory_locks');
    first = new AdvisoryLocks(db.url);
    second = new AdvisoryLocks(db.url, { waitMs: 300 });
  });

  afterAll(async () => {
    await first.close();
    await second.close();
    await db.drop();
  });

  it('lets the holders of one key take turns across processes, and the holders of two keys run at once', async () => {
    const log: string[] = [];
    const work = (name: string, ms: number) => async () => {
      log.push(`${name} in`);
      await sleep(ms);
      log.push(`${name} out`);
      return name;
    };
    const results = await Promise.all([first.withLock('district:a', work('a1', 80)), second.withLock('district:a', work('a2', 10))]);
    expect(results).toEqual(['a1', 'a2']);
    // Whichever got the lock first left before the other came in.
    const earlier = log[0].replace(' in', '');
    expect(log.slice(0, 2)).toEqual([`${earlier} in`, `${earlier} out`]);

    log.length = 0;
    await Promise.all([first.withLock('district:b', work('b', 80)), second.withLock('district:c', work('c', 80))]);
    expect(log.slice(0, 2).sort()).toEqual(['b in', 'c in']);
  });

  it('frees the lock when the work fails, and gives up with 409 BUSY past the lock timeout, having run nothing', async () => {
    await expect(first.withLock('district:d', async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    await expect(second.withLock('district:d', async () => 'after a failure')).resolves.toBe('after a failure');

    let ran = false;
    let release!: () => void;
    const holding = first.withLock('district:e', () => new Promise<void>((resolve) => (release = resolve)));
    await sleep(50);
    await expect(second.withLock('district:e', async () => (ran = true))).rejects.toMatchObject({ code: 'BUSY', details: { lock: 'district:e' } });
    expect(ran).toBe(false);
    release();
    await holding;
    await expect(second.withLock('district:e', async () => 'free again')).resolves.toBe('free again');
  });

  it('lets callers queued on one busy key hold up no other key', async () => {
    const few = new AdvisoryLocks(db.url, { connections: 2 });
    try {
      let release!: () => void;
      const holding = few.withLock('district:f', () => new Promise<void>((resolve) => (release = resolve)));
      await sleep(50);
      const queued = Array.from({ length: 3 }, () => few.withLock('district:f', async () => 'f'));
      await sleep(50);
      // Two connections: one holds district:f; waiting on it must not take the other.
      const other = await Promise.race([few.withLock('district:g', async () => 'g'), sleep(1_000).then(() => 'held up')]);
      expect(other).toBe('g');
      release();
      await holding;
      expect(await Promise.all(queued)).toEqual(['f', 'f', 'f']);
    } finally {
      await few.close();
    }
  });

  it('survives its connection ending while the work runs, and takes the lock again afterwards', async () => {
    const fragile = new AdvisoryLocks(db.url);
    try {
      const result = await fragile.withLock('district:h', async () => {
        await db.pool.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'dondoc-locks' AND datname = current_database()`,
        );
        await sleep(100); // the client's error arrives while the work still runs
        return 'done';
      });
      expect(result).toBe('done');
      await expect(fragile.withLock('district:h', async () => 'again')).resolves.toBe('again');
    } finally {
      await fragile.close();
    }
  });
});
