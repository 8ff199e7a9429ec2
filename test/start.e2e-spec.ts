import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { connects, createTestRedis, freePort, TEST_PG_ADMIN_URL, TestRedis } from '@dondoc/testing';

const ROOT = join(__dirname, '..');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * The README's first command on a database that does not exist yet: `scripts/start.sh` creates
 * and migrates it, imports plan 118 (twice: the second run appends nothing), prints demo tokens,
 * and serves the API with the worker beside it; a signal stops both processes.
 */
describe('npm start (scripts/start.sh) on a fresh database', () => {
  let redis: TestRedis;
  let tmp: string;
  const dbName = `dondoc_start_${randomBytes(4).toString('hex')}`;
  const databaseUrl = Object.assign(new URL(TEST_PG_ADMIN_URL), { pathname: `/${dbName}` }).toString();
  const children: ChildProcess[] = [];

  beforeAll(() => {
    // `npm test` builds first (pretest); a direct jest run may not have.
    if (!existsSync(join(ROOT, 'dist/apps/api/src/main.js'))) {
      const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
      if (build.status !== 0) throw new Error('npm run build failed');
    }
    tmp = mkdtempSync(join(tmpdir(), 'dondoc-start-'));
  });

  beforeAll(async () => {
    // One key prefix for both starts: the second start sees the first one's queues, as a restart would.
    redis = await createTestRedis('start');
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await redis?.cleanup();
    const admin = new Pool({ connectionString: TEST_PG_ADMIN_URL, max: 1 });
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
    rmSync(tmp, { recursive: true, force: true });
  });

  async function start(): Promise<{ child: ChildProcess; port: number; output: () => string; tokensFile: string }> {
    const port = await freePort();
    const tokensFile = join(tmp, `tokens-${port}`);
    let output = '';
    const child = spawn('bash', ['scripts/start.sh'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        REDIS_URL: redis.url,
        REDIS_PREFIX: redis.prefix,
        PORT: String(port),
        JWT_SECRET: randomBytes(32).toString('hex'),
        DEMO_TOKENS_FILE: tokensFile,
        DEMO_PASSWORD_FILE: join(tmp, 'demo-password'),
        DONDOC_NO_BUILD: '1',
        SIGNING_KEY_FILE: join(tmp, 'signing-key.pem'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    return { child, port, output: () => output, tokensFile };
  }

  async function stop(child: ChildProcess): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    return exited;
  }

  it('creates and migrates the database, loads plan 118, serves the API with the worker, and stops on a signal', async () => {
    const { child, port, output, tokensFile } = await start();
    const health = await waitFor('the API', async () => {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      return res.ok ? ((await res.json()) as { status: string; postgres: { status: string }; redis: { status: string } }) : undefined;
    });
    expect(health).toMatchObject({ status: 'up', postgres: { status: 'up' }, redis: { status: 'up' } });
    await waitFor('the worker', async () => (output().includes('dondoc worker started') ? true : undefined));

    const planId = output().match(/Kế hoạch (\S+) \(plan-118-thai-binh-2019\): 31 nhiệm vụ/)?.[1];
    expect(planId).toBeDefined();
    const committeeToken = readFileSync(tokensFile, 'utf8').match(/committee \(Ban Chỉ đạo\): *(\S+)/)?.[1];
    expect(committeeToken).toBeDefined();

    const res = await fetch(`http://127.0.0.1:${port}/streams/plan-${planId}/events`, {
      headers: { Authorization: `Bearer ${committeeToken}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { events: Array<{ type: string; data: { number?: string } }> };
    expect(body.events[0].type).toBe('PlanIssued');
    expect(JSON.stringify(body.events[0].data)).toContain('118/KH-UBND');

    const docs = await fetch(`http://127.0.0.1:${port}/docs/openapi.json`);
    expect(docs.status).toBe(200);

    // The dashboard's demo login, as printed: the committee user signs in with its password.
    const printed = readFileSync(tokensFile, 'utf8').match(/Dashboard: \S+ — user bcd\.demo, password (\S+)/)?.[1];
    expect(printed).toBe(readFileSync(join(tmp, 'demo-password'), 'utf8'));
    const login = await fetch(`http://127.0.0.1:${port}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'bcd.demo', password: printed }),
    });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { role?: string; accessToken?: string }).accessToken).toEqual(expect.any(String));
    expect((await fetch(`http://127.0.0.1:${port}/dashboard`)).status).toBe(200);

    // The README's "Try it" commands, as printed there (up to the CLI ones), against this server.
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const tryIt = readme.slice(readme.indexOf('## Try it')).match(/```bash\n([\s\S]*?)```/)?.[1] ?? '';
    const script = tryIt
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('npm run cli'))
      .join('\n')
      .replaceAll('localhost:3000', `127.0.0.1:${port}`)
      .replaceAll('.demo-tokens', tokensFile);
    expect(script).toContain('/streams/plan-$PLAN/events');
    const tried = spawnSync('bash', ['-e', '-c', `set -o pipefail; ${script.replaceAll('| head -c 600', '| cut -c 1-600')}`], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME, JWT_SECRET: 'x'.repeat(40) },
    });
    expect({ status: tried.status, stderr: tried.stderr }).toEqual({ status: 0, stderr: '' });
    expect(tried.stdout).toContain('"type":"PlanIssued"');
    expect(tried.stdout).toContain(`plan-${planId}`);

    // The script's children are the worker and the API; it returns only when both have exited.
    const pgrep = spawnSync('pgrep', ['-P', String(child.pid), '-x', 'node'], { encoding: 'utf8' });
    expect({ status: pgrep.status, error: pgrep.error?.message }).toEqual({ status: 0, error: undefined });
    const nodes = pgrep.stdout.split('\n').filter(Boolean);
    expect(nodes).toHaveLength(2);
    expect(await stop(child)).not.toBeNull();
    expect(nodes.filter((pid) => isAlive(Number(pid)))).toEqual([]);
    await expect(connects(port)).resolves.toBe(false);
  });

  it('a second start imports nothing new', async () => {
    const { child, port, output } = await start();
    await waitFor('the API', async () => ((await fetch(`http://127.0.0.1:${port}/health`)).ok ? true : undefined));
    expect(output()).toMatch(/0 lệnh ghi 0 sự kiện, 64 lệnh đã có từ trước/);
    await stop(child);
  });
});
