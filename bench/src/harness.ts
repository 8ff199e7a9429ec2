import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import { createPgPool, ensureDatabase, runMigrations } from '@dondoc/platform';
import { ALL_ENTITIES, ALL_MIGRATIONS } from '@dondoc/schema';

export interface Figure {
  metric: string;
  value: number;
  unit: string;
  /** What the figure is compared with, if anything. */
  target?: string;
  pass?: boolean;
}

/** Runs `task` `total` times with `concurrency` runners in flight; returns operations per second. */
export async function rate(total: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++) await task(i);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return total / seconds;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export function report(figures: Figure[], extra: Record<string, unknown> = {}): string {
  console.table(
    figures.map((f) => ({
      metric: f.metric,
      value: Number.isInteger(f.value) ? f.value : Number(f.value.toFixed(3)),
      unit: f.unit,
      target: f.target ?? '',
      ok: f.pass === undefined ? '' : f.pass ? 'yes' : 'NO',
    })),
  );
  const dir = join(process.cwd(), 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), ...extra, figures }, null, 2));
  writeFileSync(join(dir, 'latest.json'), JSON.stringify({ at: new Date().toISOString(), ...extra, figures }, null, 2));
  return file;
}

/**
 * Writes out what a section's bulk load left dirty (CHECKPOINT) before the figures that follow
 * it are measured: otherwise PostgreSQL's checkpointer writes it back in the middle of them (on
 * a 2-core VM, beside the work measured). Needs superuser or pg_checkpoint; skipped without.
 */
export async function settleDatabase(pool: Pool): Promise<void> {
  await pool.query('CHECKPOINT').catch((error: Error) => console.warn(`CHECKPOINT skipped: ${error.message}`));
}

/**
 * Runs `body` on a fresh migrated database named `dondoc_bench_<label><time>`, then drops it
 * (`BENCH_KEEP_DB=1`: leaves it, for a closer look at what the run wrote).
 */
export async function withBenchDatabase<T>(adminUrl: string, label: string, body: (pool: Pool, databaseUrl: string) => Promise<T>): Promise<T> {
  const url = new URL(adminUrl);
  url.pathname = `/dondoc_bench_${label}${Date.now()}`;
  const databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  await runMigrations(databaseUrl, ALL_ENTITIES, ALL_MIGRATIONS);
  const pool = createPgPool(databaseUrl, 16);
  try {
    return await body(pool, databaseUrl);
  } finally {
    await pool.end();
    if (process.env.BENCH_KEEP_DB !== '1') {
      const admin = new Pool({ connectionString: adminUrl, max: 1 });
      await admin.query(`DROP DATABASE IF EXISTS "${url.pathname.slice(1)}" WITH (FORCE)`);
      await admin.end();
    }
  }
}

/**
 * The arguments of a worker process the bench starts from TypeScript, with
 * `BENCH_WORKER_NODE_ARGS` in front (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it).
 */
export function workerNodeArgs(entry: string): string[] {
  return [...(process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean), '-r', '@swc-node/register', entry];
}
