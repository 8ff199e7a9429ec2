import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import { conflict } from '../errors/domain-error';

/** Connections the locks may hold at once; a further holder waits for one. */
const LOCK_CONNECTIONS = 4;
const WAIT_MS = 30_000;
const RETRY_MS = 20;

const busyConflict = (key: string) =>
  conflict('BUSY', 'Đang có một thao tác khác trên cùng dữ liệu chưa xong; vui lòng thử lại sau ít phút', { lock: key });

/**
 * Named PostgreSQL session advisory locks, held across work that spans several statements
 * (read other streams, decide, append), for every process on the database.
 *
 * The locks live on a small pool of their own and the locked work runs on the main pool. Taken
 * on the main pool, ten commands at once held all ten connections with their locks and each
 * waited for an eleventh to do its work: a deadlock. Here a holder waiting for a main-pool
 * connection holds none of them. A waiter holds no connection either: it tries
 * (`pg_try_advisory_lock`) and gives the connection back between tries, so callers queued on one
 * busy key never hold up the others. A lock dies with its connection, so a crashed process frees it.
 */
export class AdvisoryLocks {
  private readonly pool: Pool;
  private readonly waitMs: number;
  private readonly logger = new Logger(AdvisoryLocks.name);

  constructor(databaseUrl: string, options: { connections?: number; waitMs?: number } = {}) {
    this.waitMs = options.waitMs ?? WAIT_MS;
    this.pool = new Pool({
      connectionString: databaseUrl,
      max: options.connections ?? LOCK_CONNECTIONS,
      application_name: 'dondoc-locks',
      // Every connection busy with a holder for the whole wait: give up like a busy lock.
      connectionTimeoutMillis: this.waitMs,
    });
    // An idle lock connection lost holds no lock; the pool replaces it.
    this.pool.on('error', (error) => this.logger.warn(`idle lock connection lost: ${error.message}`));
  }

  /**
   * Runs `work` while holding the lock named `key`; waits while another process or call holds
   * it, and after the wait (30 s) gives up with `busy()` (409 BUSY by default), nothing done.
   * The key is `hashtext(key)`: every process, of every version, must name a lock the same way.
   */
  async withLock<T>(key: string, work: () => Promise<T>, busy: () => Error = () => busyConflict(key)): Promise<T> {
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const client = await this.connect(busy);
      const locked = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [key]).then(
        (result) => result.rows[0].ok,
        (error: Error) => {
          client.release(error);
          throw error;
        },
      );
      if (locked) return this.holding(client, key, work);
      client.release();
      if (Date.now() >= deadline) throw busy();
      await sleep(RETRY_MS + Math.random() * RETRY_MS);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async connect(busy: () => Error): Promise<PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw error instanceof Error && /timeout/i.test(error.message) ? busy() : error;
    }
  }

  private async holding<T>(client: PoolClient, key: string, work: () => Promise<T>): Promise<T> {
    // A checked-out client has no error listener of the pool's: without this one, the server
    // ending the session during the work (restart, failover) would crash the process.
    let lost: Error | undefined;
    const onLost = (error: Error) => {
      lost = error;
      this.logger.error(`lock "${key}" lost with its connection while its work ran: ${error.message}`);
    };
    client.on('error', onLost);
    let broken: Error | undefined;
    try {
      return await work();
    } finally {
      if (!lost) await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch((error: Error) => (broken = error));
      client.off('error', onLost);
      // A connection whose unlock failed may still hold the lock: close it rather than reuse it.
      client.release(lost ?? broken);
    }
  }
}
