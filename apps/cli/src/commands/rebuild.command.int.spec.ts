import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PostgresEventStore, Upcasters } from '@dondoc/event-store';
import { createTaskingProjections, diffWithRebuild, ProjectionEngine, ProjectionRebuilder } from '@dondoc/projections';
import { TaskingWorkload } from '@dondoc/projections/testing/tasking-workload';
import { createTestDatabase, TestDatabase } from '@dondoc/testing';

const ROOT = join(__dirname, '../../../..');

function cli(db: TestDatabase, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: db.url, JWT_SECRET: 'c'.repeat(40) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The real CLI process against a real database: the live tables are replaced by ones rebuilt from position 0. */
describe('dondoc rebuild (CLI)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('cli_rebuild');
  });

  afterAll(async () => {
    await db.drop();
  });

  it('rebuilds every read model from position 0 and swaps the fresh tables in', async () => {
    const store = new PostgresEventStore(db.pool);
    const workload = new TaskingWorkload(store, { seed: 31, agencies: 8, plans: 2 });
    await workload.setup();
    await workload.run(1_500, { concurrency: 4, targetTasks: 150 });
    const projections = createTaskingProjections();
    const engine = new ProjectionEngine(db.pool, store, new Upcasters(), projections);
    for (const p of projections) await engine.catchUp(p.name);
    // Damage the live tables: a rebuild must not copy them.
    await db.pool.query(`UPDATE task_board SET title = 'hỏng' WHERE task_id IN (SELECT task_id FROM task_board LIMIT 5)`);
    await db.pool.query('UPDATE agency_scorecard SET tasks_lead = tasks_lead + 100');

    const wrong = await cli(db, ['rebuild', 'no-such-model']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('unknown projection no-such-model (projections: task-board, agency-scorecard, plan-progress)');

    const run = await cli(db, ['rebuild', '--all', '--json', '--batch-size', '500']);
    expect(run.code).toBe(0);
    const results = JSON.parse(run.stdout) as { projection: string; events: number; swapped: boolean }[];
    const events = Number((await db.pool.query('SELECT count(*) AS n FROM events')).rows[0].n);
    expect(results.map((r) => [r.projection, r.events, r.swapped])).toEqual(projections.map((p) => [p.name, events, true]));
    expect(Number((await db.pool.query(`SELECT count(*) AS n FROM task_board WHERE title = 'hỏng'`)).rows[0].n)).toBe(0);

    const rebuilder = new ProjectionRebuilder(db.pool, store, new Upcasters());
    for (const projection of projections) {
      await rebuilder.rebuild(projection, { swap: false });
      for (const diff of await diffWithRebuild(db.pool, projection)) expect(diff).toMatchObject({ onlyHere: 0, onlyThere: 0 });
      await rebuilder.discard(projection);
    }

    const one = await cli(db, ['rebuild', 'task-board']);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^task-board: \d+ sự kiện đến vị trí \d+/);
  });
});
