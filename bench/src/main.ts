import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createPgPool, ensureDatabase, runMigrations } from '@dondoc/platform';
import { ALL_ENTITIES, ALL_MIGRATIONS } from '@dondoc/schema';
import { Pool } from 'pg';
import { benchEventStore } from './event-store.bench';
import { benchFollowUp } from './follow-up.bench';
import { benchProjections } from './projections.bench';
import { Figure, report } from './harness';

const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** `BENCH_SECTIONS=follow-up,projections`: only these sections (default: all three). */
const wanted = (section: string) => !process.env.BENCH_SECTIONS || process.env.BENCH_SECTIONS.split(',').includes(section);

/** `npm run bench`: every speed target of the issues, measured on a fresh database, printed and saved as JSON. */
async function main(): Promise<void> {
  const url = new URL(ADMIN_URL);
  url.pathname = `/dondoc_bench_${Date.now()}`;
  const databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  await runMigrations(databaseUrl, ALL_ENTITIES, ALL_MIGRATIONS);
  const pool = createPgPool(databaseUrl, 16);
  const figures: Figure[] = [];
  try {
    if (wanted('event-store')) figures.push(...(await benchEventStore(pool)));
    if (wanted('follow-up')) figures.push(...(await benchFollowUp(pool, databaseUrl)));
    if (wanted('projections')) figures.push(...(await benchProjections(ADMIN_URL)));
  } finally {
    await pool.end();
    const admin = new Pool({ connectionString: ADMIN_URL, max: 1 });
    // BENCH_KEEP_DB=1: leave the database for a closer look at what the run wrote.
    if (process.env.BENCH_KEEP_DB !== '1') await admin.query(`DROP DATABASE IF EXISTS "${url.pathname.slice(1)}" WITH (FORCE)`);
    await admin.end();
  }
  const file = report(figures, { machine: { cpus: require('node:os').cpus().length, node: process.version } });
  new Logger('Bench').log(`figures written to ${file}`);
}

main().catch((error) => {
  new Logger('Bench').error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
