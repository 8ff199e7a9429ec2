import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { benchEventStore } from './event-store.bench';
import { benchFollowUp } from './follow-up.bench';
import { benchProjections } from './projections.bench';
import { Figure, report, withBenchDatabase } from './harness';

const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** `BENCH_SECTIONS=follow-up,projections`: only these sections (default: all three). */
const wanted = (section: string) => !process.env.BENCH_SECTIONS || process.env.BENCH_SECTIONS.split(',').includes(section);

/** `npm run bench`: every speed target of the issues, measured on fresh databases, printed and saved as JSON. */
async function main(): Promise<void> {
  const figures: Figure[] = [];
  if (wanted('event-store') || wanted('follow-up')) {
    await withBenchDatabase(ADMIN_URL, '', async (pool, databaseUrl) => {
      if (wanted('event-store')) figures.push(...(await benchEventStore(pool)));
      if (wanted('follow-up')) figures.push(...(await benchFollowUp(pool, databaseUrl)));
    });
  }
  if (wanted('projections')) figures.push(...(await benchProjections(ADMIN_URL)));
  const file = report(figures, { machine: { cpus: require('node:os').cpus().length, node: process.version } });
  new Logger('Bench').log(`figures written to ${file}`);
}

main().catch((error) => {
  new Logger('Bench').error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
