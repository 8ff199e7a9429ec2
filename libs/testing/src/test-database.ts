import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { createPgPool, ensureDatabase, runMigrations } from '@dondoc/platform';
import { ALL_ENTITIES, ALL_MIGRATIONS } from '@dondoc/schema';

export const TEST_PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  name: string;
  url: string;
  pool: Pool;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/**
 * A database of its own for one test file: created, migrated, and dropped afterwards, so that
 * files run in parallel without seeing each other.
 */
export async function createTestDatabase(label = 'test', options: { migrate?: boolean; poolSize?: number } = {}): Promise<TestDatabase> {
  const name = `dondoc_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  await ensureDatabase(url.toString());
  if (options.migrate !== false) await runMigrations(url.toString(), ALL_ENTITIES, ALL_MIGRATIONS);
  const pool = createPgPool(url.toString(), options.poolSize ?? 10);
  return {
    name,
    url: url.toString(),
    pool,
    async drop() {
      await pool.end();
      const admin = new Pool({ connectionString: TEST_PG_ADMIN_URL, max: 1 });
      try {
        // pool.end() resolves before the sockets are closed; let them go before forcing the drop.
        for (let i = 0; i < 50; i++) {
          const open = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
          if (open.rows[0].n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
