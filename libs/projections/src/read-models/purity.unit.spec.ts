import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');
/** Frameworks, drivers and clients: what a read model's evolve code (domain code, STYLE.md) must not load. */
const FORBIDDEN = /^(@nestjs\/.*|typeorm|class-validator|class-transformer|rxjs|express|pg|pg-copy-streams|ioredis|bullmq)$/;

describe('purity of the tasking read models', () => {
  it('loads no framework, database driver or queue client with the projections (not even through a barrel)', () => {
    // In a process of its own: this one has loaded Jest's world already.
    const loaded = execFileSync(
      process.execPath,
      ['-r', '@swc-node/register', '-e', `require('./libs/projections/src/read-models/tasking-projections.ts'); console.log(JSON.stringify(Object.keys(require.cache)))`],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const files = JSON.parse(loaded) as string[];
    const packages = [...new Set(files.map((file) => /.*node_modules\/((@[^/]+\/)?[^/]+)/.exec(file)?.[1]).filter((name): name is string => Boolean(name)))];
    expect(files.some((file) => file.endsWith('task-board.projection.ts'))).toBe(true);
    expect(packages.filter((name) => FORBIDDEN.test(name))).toEqual([]);
  });
});
