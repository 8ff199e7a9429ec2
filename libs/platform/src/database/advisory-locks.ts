import { DatabaseError, Pool } from 'pg';
import { conflict } from '../errors/domain-error';

/** PostgreSQL's error when lock_timeout ran out. */
const LOCK_NOT_AVAILABLE = '55P03';

const busyConflict = (key: string) =>
  conflict('BUSY', 'Đang có một thao tác khác trên cùng dữ liệu chưa xong; vui lòng thử lại sau ít phút', { lock: key });

/** Connections the locks may hold at once; a further lock waits for one. */
const LOCK_CONNECTIONS = 4;

/**
 * Named PostgreSQL session advisory locks, held across work that spans several statements
 * (read other streams, decide, append), for every process on the database.
 *
 * The locks live on a small pool of their own and the locked work runs on the main pool. Taken
 * on the main pool, ten commands at once held all ten connections with their locks and each
 * waited for an eleventh to do its work: a deadlock. Here a holder waiting for a main-pool
 * connection holds none of them. A lock dies with its connection, so a crashed process frees it.
 */
export class AdvisoryLocks {
  private readonly pool: Pool;

  constructor(databaseUrl: string, options: { connections?: number; lockTimeoutMs?: number } = {}) {
    this.pool = new Pool({
      connectionString: databaseUrl,
      max: options.connections ?? LOCK_CONNECTIONS,
      application_name: 'dondoc-locks',
      // A holder that never finishes must not hang the others for ever.
      options: `-c lock_timeout=${options.lockTimeoutMs ?? 30_000}`,
    });
    this.pool.on('error', () => undefined); // an idle lock connection lost holds no lock; the pool replaces it
  }

  /**
   * Runs `work` while holding the lock named `key`; waits while another process or call holds
   * it, and past the lock timeout gives up with `busy()` (409 BUSY by default), nothing done.
   * The key is `hashtext(key)`: every process, of every version, must name a lock the same way.
   */
  async withLock<T>(key: string, work: () => Promise<T>, busy: () => Error = () => busyConflict(key)): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
    } catch (error) {
      client.release(error as Error); // a timed-out or broken lock connection is not reused
      throw error instanceof DatabaseError && error.code === LOCK_NOT_AVAILABLE ? busy() : error;
    }
    let broken: Error | undefined;
    try {
      return await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch((error: Error) => (broken = error));
      // A connection whose unlock failed may still hold the lock: close it rather than reuse it.
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
