import { Logger } from '@nestjs/common';
import { Pool, types } from 'pg';

// int8 (global positions, counts) arrives as a JS number. Positions stay below 2^53 for
// the life of a deployment (see docs/architecture.md, "Global positions").
types.setTypeParser(types.builtins.INT8, (value) => Number(value));

export const PG_POOL = Symbol('PG_POOL');

export function createPgPool(databaseUrl: string, max = 10, min = 0): Pool {
  const pool = new Pool({
    connectionString: databaseUrl,
    max,
    min: Math.min(min, max),
    application_name: 'dondoc',
    // No parallel query: dondoc's statements are lookups of a few rows by index, prepared once
    // and then run with a generic plan. Without fresh statistics (a big import, autovacuum off)
    // that plan guesses thousands of rows for `stream_id = ANY($1)` and launches parallel
    // workers: 60-120 ms per lookup instead of 1 ms (measured on 130,000 events).
    options: '-c max_parallel_workers_per_gather=0',
  });
  // An idle client can lose its server (restart, failover); the pool replaces it on next use.
  pool.on('error', (error) => new Logger('PgPool').warn(`idle PostgreSQL connection lost: ${error.message}`));
  return pool;
}

/** Creates the database named in the URL when it is missing (first run on a fresh machine). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  url.pathname = '/postgres';
  const admin = new Pool({ connectionString: url.toString(), max: 1 });
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}" ENCODING 'UTF8' TEMPLATE template0`);
    }
  } finally {
    await admin.end();
  }
}
