import { Pool } from 'pg';
import { SAFE_HIGH_WATER_SQL } from '@dondoc/event-store/postgres/event-store.sql';

/**
 * Waits until every event committed so far is below the safe high-water mark, i.e. readable by
 * `readAll`. The mark is cluster-wide: a transaction open in another database (another test
 * file, a migration) holds it back for a while, and a test that reads the global order right
 * after writing must wait that out instead of asserting on a prefix.
 */
export async function waitUntilReadable(pool: Pool, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await pool.query<{ readable: boolean; head: string | null }>(
      `SELECT coalesce(max(global_position), 0) < ${SAFE_HIGH_WATER_SQL} AS readable, max(global_position)::text AS head FROM events`,
    );
    if (rows[0].readable) return;
    if (Date.now() > deadline) throw new Error(`events up to ${rows[0].head} still not readable after ${timeoutMs} ms (a long transaction on the cluster?)`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
