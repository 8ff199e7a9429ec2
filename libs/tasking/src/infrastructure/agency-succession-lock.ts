import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { PG_POOL } from '@dondoc/platform/database/pg-pool';
import { conflict } from '@dondoc/platform/errors/domain-error';

/** Persisted in the sense that every process must use the same key: never rename. */
const LOCK_KEY = 'dondoc:agency-succession';
const RETRY_MS = 25;
const WAIT_MS = 15_000;

/**
 * Serialises the recording of agency successions across every API and CLI process.
 *
 * A succession X → Y is appended to `agency-X` alone, with X's expected version; the rule that
 * successions form no cycle spans streams (X → Y and Y → X recorded at the same moment would
 * each see the other agency still standing and both be appended). Successions are rare
 * administrative acts, so they simply take turns: a PostgreSQL session-level advisory lock is
 * held while the successor's chain is read, the command decided and its events appended.
 *
 * The waiting side never holds a pool connection while it waits (pg_try_advisory_lock, then the
 * connection goes back to the pool until the next try): the holder needs a second connection
 * to read and append, and waiters that sat on the pool's connections could starve it.
 */
@Injectable()
export class AgencySuccessionLock {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      let locked = false;
      try {
        locked = (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [LOCK_KEY])).rows[0].ok;
        if (locked) return await work();
      } catch (error) {
        if (!locked) broken = error as Error;
        throw error;
      } finally {
        if (locked) await client.query('SELECT pg_advisory_unlock(hashtext($1))', [LOCK_KEY]).catch((e: Error) => (broken = e));
        // A connection whose unlock failed is discarded, so that the session (and its lock) ends.
        client.release(broken);
      }
      if (Date.now() > deadline) {
        throw conflict('SUCCESSION_BUSY', 'Đang ghi nhận một việc kế thừa cơ quan khác; vui lòng thử lại sau ít phút');
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
}
