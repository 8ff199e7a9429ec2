import { generateKeyPairSync, sign } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import {
  EVENTS_FILE,
  keyIdOf,
  manifestSigningBytes,
  MANIFEST_FILE,
  PlanExportService,
  SealService,
  SignedManifest,
  verifyExport,
} from '@dondoc/audit';
import { EVENT_STORE, EventStore, fold, Upcasters } from '@dondoc/event-store';
import { Actor, loadAppConfig, ManualClock, TokenService } from '@dondoc/platform';
import { CheckpointWatcher, createTaskingProjections, ProjectionEngine, TaskingQueries } from '@dondoc/projections';
import { ImportPlanResult, PlanImporter } from '@dondoc/tasking';
import { taskDecider } from '@dondoc/tasking/domain/task.decider';
import { createTestDatabase, createTestRedis, TestDatabase, TestRedis } from '@dondoc/testing';
import { createApiApp } from '../apps/api/src/bootstrap';

const REPO = join(__dirname, '..');
const PLAN_118 = join(REPO, 'fixtures/plan-118-thai-binh-2019.json');

const committee: Actor = { userId: 'u-bcd', role: 'committee', agency: null };
const soYTe: Actor = { userId: 'u-so-y-te', role: 'agency', agency: 'SO_Y_TE' };
const auditor: Actor = { userId: 'u-thanh-tra', role: 'auditor', agency: null };

/** Runs the CLI from the sources with exactly `env` (plus PATH): what an operator's shell would give it. */
function cli(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', ...args], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 120_000,
    env: { PATH: process.env.PATH, ...env },
  });
}

describe('auditors: history, time travel, verification and export', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let app: INestApplication;
  let imported: ImportPlanResult;
  let work: string;
  let engine: ProjectionEngine;
  let watcher: CheckpointWatcher;
  let queries: TaskingQueries;
  const clock = new ManualClock('2019-11-21T01:00:00.000Z');
  const tokens = new Map<Actor, string>();
  let taskA: string;
  let taskB: string;
  /** What the live read model answered at each date, kept to compare with the replay later. */
  const live = new Map<string, unknown>();

  const http = () => request(app.getHttpServer());
  const auth = (actor: Actor) => ({ Authorization: `Bearer ${tokens.get(actor)}` });
  const catchUpAll = async () => {
    for (const name of engine.names) await engine.catchUp(name);
  };
  const liveProgress = async () => {
    await catchUpAll();
    return (await queries.planProgress(imported.planId)).result;
  };

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'dondoc-audit-e2e-'));
    db = await createTestDatabase('audit_e2e');
    redis = await createTestRedis('audit_e2e');
    const config = loadAppConfig({
      DATABASE_URL: db.url,
      JWT_SECRET: 'a'.repeat(40),
      REDIS_PREFIX: redis.prefix,
      SIGNING_KEY_FILE: join(work, 'keys', 'signing-key.pem'),
      SEAL_MAX_EVENTS: '25',
    });
    app = await createApiApp({ config, clock }, false);
    await app.init();
    const tokenService = app.get(TokenService);
    for (const actor of [committee, soYTe, auditor]) tokens.set(actor, tokenService.issue(actor));
    imported = await app.get(PlanImporter).importFiles(PLAN_118);

    // The live read models, built by the same engine the worker runs.
    engine = new ProjectionEngine(db.pool, app.get<EventStore>(EVENT_STORE), app.get(Upcasters), createTaskingProjections());
    await engine.ensureCheckpoints();
    watcher = new CheckpointWatcher(db.pool, db.url);
    queries = new TaskingQueries(db.pool, clock, watcher);

    // A history in business time: two tasks of Sở Y tế, reports, a review, a completion, a cancellation.
    clock.set('2019-11-25T02:00:00.000Z');
    const assign = async (key: string, body: Record<string, unknown>) =>
      (await http().post(`/plans/${imported.planId}/tasks`).set(auth(committee)).set('Idempotency-Key', key).send(body).expect(201)).body.taskId as string;
    taskA = await assign('assign-food-safety', { title: 'Kiểm tra an toàn thực phẩm', leadAgency: 'SO_Y_TE', reportingSchedule: { kind: 'monthly', day: 20 } });
    taskB = await assign('assign-private-clinics', { title: 'Rà soát cơ sở y tế tư nhân', leadAgency: 'SO_Y_TE', dueDate: '2020-01-15' });

    clock.set('2019-12-18T03:00:00.000Z');
    await http().post(`/tasks/${taskA}/reports`).set(auth(soYTe)).send({ periodId: '2019-12', text: 'Đã kiểm tra 120 cơ sở.', progressPercent: 30 }).expect(201);

    clock.set('2019-12-23T09:00:00.000Z');
    live.set('2019-12-23T09:00:00.000Z', await liveProgress());

    clock.set('2020-01-20T03:00:00.000Z'); // 10:00 on the 20th in Hà Nội: on time
    const january = await http()
      .post(`/tasks/${taskA}/reports`)
      .set(auth(soYTe))
      .send({ periodId: '2020-01', text: 'Xử lý 4 vi phạm về an toàn thực phẩm.', progressPercent: 60 })
      .expect(201);
    clock.set('2020-01-21T03:00:00.000Z'); // 10:00 on the 21st
    await http().post(`/tasks/${taskA}/reports/${january.body.reportId}/review`).set(auth(committee)).send({ decision: 'accept' }).expect(201);

    clock.set('2020-01-25T02:00:00.000Z');
    await http().post(`/tasks/${taskB}/complete`).set(auth(committee)).send({ note: 'Đã rà soát xong' }).expect(201);
    await http().post(`/tasks/${imported.taskIds[0]}/cancel`).set(auth(committee)).send({ reason: 'Gộp vào nhiệm vụ khác' }).expect(201);

    clock.set('2020-02-25T09:00:00.000Z');
    live.set('2020-02-25T09:00:00.000Z', await liveProgress());
  });

  afterAll(async () => {
    await watcher?.close();
    await app?.close();
    await redis?.cleanup();
    await db?.drop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("reads a stream's full history with actor, role, agency, time, command id, correlation and causation", async () => {
    const res = await http().get(`/streams/task-${taskA}/events`).set(auth(auditor)).expect(200);
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(['TaskAssigned', 'ReportSubmitted', 'ReportSubmitted', 'ReportAccepted']);
    for (const event of res.body.events) {
      expect(Object.keys(event.metadata).sort()).toEqual(['actor', 'agency', 'causationId', 'commandId', 'correlationId', 'occurredAt', 'role']);
      expect(event).toMatchObject({ globalPosition: expect.any(Number), recordedAt: expect.any(String), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    }
    expect(res.body.events[0].metadata).toMatchObject({
      actor: 'u-bcd',
      role: 'committee',
      agency: null,
      // The Idempotency-Key in the caller's namespace (docs/api.md); no X-Correlation-Id, so the same.
      commandId: 'http:u-bcd:assign-food-safety',
      correlationId: 'http:u-bcd:assign-food-safety',
      causationId: null,
      occurredAt: '2019-11-25T02:00:00.000Z',
    });
    expect(res.body.events[2].metadata).toMatchObject({ actor: 'u-so-y-te', role: 'agency', agency: 'SO_Y_TE', occurredAt: '2020-01-20T03:00:00.000Z' });
    // Agency officers do not read raw streams.
    await http().get(`/streams/task-${taskA}/events`).set(auth(soYTe)).expect(403);
  });

  it('shows a task as it was at an instant between two events: the state after the earlier one', async () => {
    const history = (await http().get(`/streams/task-${taskA}/events`).set(auth(auditor)).expect(200)).body.events;
    // Typed as an auditor would, `+07:00` unencoded: 00:00 on 21 January in Hà Nội lies between
    // the January report (10:00 on the 20th) and its acceptance (10:00 on the 21st).
    const at = await http().get(`/audit/streams/task-${taskA}?at=2020-01-21T00:00:00+07:00`).set(auth(auditor)).expect(200);
    const afterEarlier = fold(taskDecider, history.slice(0, 3));
    expect(at.body).toMatchObject({ kind: 'task', version: 3, currentVersion: 4, asOf: { at: '2020-01-20T17:00:00.000Z', basis: 'metadata.occurredAt' } });
    expect(at.body.state).toEqual(JSON.parse(JSON.stringify(afterEarlier)));
    expect(at.body.lastEvent).toMatchObject({ type: 'ReportSubmitted', streamVersion: 3, actor: 'u-so-y-te', role: 'agency', agency: 'SO_Y_TE' });
    expect(at.body.nextEvent).toMatchObject({ type: 'ReportAccepted', streamVersion: 4, actor: 'u-bcd' });
    // …the same as asking for version 3, and not the state after the acceptance.
    const byVersion = await http().get(`/audit/streams/task-${taskA}?version=3`).set(auth(auditor)).expect(200);
    expect(byVersion.body.state).toEqual(at.body.state);
    const now = await http().get(`/audit/streams/task-${taskA}?version=4`).set(auth(auditor)).expect(200);
    expect(now.body.state).not.toEqual(at.body.state);
    // Before the task existed.
    const before = await http().get(`/audit/streams/task-${taskA}?at=2019-11-24T00:00:00Z`).set(auth(auditor)).expect(200);
    expect(before.body).toMatchObject({ version: 0, lastEvent: null, nextEvent: { type: 'TaskAssigned' }, state: taskDecider.initialState() });
    // The plan too; and a bad instant is a 400 naming the field.
    const plan = await http().get(`/audit/streams/plan-${imported.planId}?at=2019-12-01T00:00:00%2B07:00`).set(auth(auditor)).expect(200);
    expect(plan.body).toMatchObject({ kind: 'plan', version: expect.any(Number) });
    const bad = await http().get(`/audit/streams/task-${taskA}?at=21/01/2020`).set(auth(auditor)).expect(400);
    expect(bad.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['at']);
    await http().get(`/audit/streams/task-${taskA}?at=2020-01-21T00:00:00Z`).set(auth(committee)).expect(403);
  });

  it('refuses as-of instants that are not a full date-time with Z or an offset: 400 naming the field, on every as-of route', async () => {
    const urls = (at: string) => [
      [`/audit/streams/task-${taskA}?at=${at}`, 'at'],
      [`/audit/plans/${imported.planId}/progress?at=${at}`, 'at'],
      [`/audit/communes/khong-co?at=${at}`, 'at'],
      [`/audit/actors/u-so-y-te/events?from=${at}`, 'from'],
      [`/audit/actors/u-so-y-te/events?to=${at}`, 'to'],
    ];
    // A week, an ordinal date (both were an Invalid Date and a 500), a date alone, a time without an
    // offset (read in the server's time zone), 30 February, a far year.
    for (const at of ['2020-W03', '2020-021', '2020-01-21', '2020-01-21T00:00:00', '2020-02-30T00:00:00Z', '2999-01-01T00:00:00Z']) {
      for (const [url, field] of urls(at)) {
        const res = await http().get(url).set(auth(auditor));
        expect({ url, status: res.status, fields: res.body.details?.fields?.map((f: { field: string }) => f.field) }).toEqual({ url, status: 400, fields: [field] });
      }
    }
    // With an offset, encoded or typed as is, or Z: accepted.
    for (const at of ['2020-01-21T00:00:00+07:00', '2020-01-21T00:00:00%2B07:00', '2020-01-20T17:00:00Z']) {
      const res = await http().get(`/audit/streams/task-${taskA}?at=${at}`).set(auth(auditor)).expect(200);
      expect(res.body.asOf.at).toBe('2020-01-20T17:00:00.000Z');
    }
  });

  it('answers for a commune only to auditors, and 404 for one nobody registered', async () => {
    const res = await http().get('/audit/communes/khong-co?at=2020-01-21T00:00:00+07:00').set(auth(auditor)).expect(404);
    expect(res.body.code).toBe('COMMUNE_NOT_FOUND');
    await http().get('/audit/communes/khong-co').set(auth(soYTe)).expect(403);
  });

  it('lists everything one user did in a time range, paged', async () => {
    const pages: Array<{ type: string; streamId: string; metadata: { actor: string; occurredAt: string } }> = [];
    let after = 0;
    for (let guard = 0; guard < 10; guard++) {
      const res = await http()
        .get(`/audit/actors/u-so-y-te/events?from=2019-12-01T00:00:00+07:00&to=2020-02-01T00:00:00+07:00&limit=1&after=${after}`)
        .set(auth(auditor))
        .expect(200);
      pages.push(...res.body.events);
      if (res.body.nextAfter === null) break;
      after = res.body.nextAfter;
    }
    expect(pages.map((e) => [e.type, e.streamId, e.metadata.occurredAt])).toEqual([
      ['ReportSubmitted', `task-${taskA}`, '2019-12-18T03:00:00.000Z'],
      ['ReportSubmitted', `task-${taskA}`, '2020-01-20T03:00:00.000Z'],
    ]);
    const narrower = await http().get('/audit/actors/u-so-y-te/events?from=2020-01-01T00:00:00Z').set(auth(auditor)).expect(200);
    expect(narrower.body.events).toHaveLength(1);
  });

  it('gives the plan progress as of a past date by replay: what the live read model showed on that date', async () => {
    const tables = async () =>
      (await db.pool.query(`SELECT (SELECT row_to_json(p)::text FROM plan_progress p WHERE plan_id = $1) AS plan,
                                   (SELECT count(*)::int FROM task_board) AS tasks,
                                   (SELECT max(position)::bigint FROM projection_checkpoints) AS checkpoint`, [imported.planId])).rows[0];
    const liveBefore = await tables();
    for (const [at, figures] of live) {
      const res = await http().get(`/audit/plans/${imported.planId}/progress?at=${encodeURIComponent(at)}`).set(auth(auditor)).expect(200);
      expect(res.body).toMatchObject({ planId: imported.planId, asOf: at, basis: 'metadata.occurredAt' });
      expect(res.body.progress).toEqual(figures);
    }
    // The two dates differ (the replay really stops at the date) …
    const [first, second] = [...live.values()] as Array<{ tasks: { completed: number; cancelled: number } }>;
    expect(first.tasks).toMatchObject({ completed: 0, cancelled: 0 });
    expect(second.tasks).toMatchObject({ completed: 1, cancelled: 1 });
    // … and the live read models were not touched by the replays.
    expect(await tables()).toEqual(liveBefore);
    // Before the plan was issued there is nothing to show.
    await http().get(`/audit/plans/${imported.planId}/progress?at=2019-01-01T00:00:00Z`).set(auth(auditor)).expect(404);
  });

  it('verifies the whole store from the API, at once or in the background, and serves the seals to copy outside', async () => {
    await app.get(SealService).sealPending();
    const report = await http().get('/audit/verify').set(auth(auditor)).expect(200);
    expect(report.body).toMatchObject({ ok: true, problems: [], firstProblem: null, unsealedEvents: 0, sealsChecked: expect.any(Number) });
    expect(report.body.eventsChecked).toBe(Number((await db.pool.query('SELECT count(*) AS n FROM events')).rows[0].n));

    const started = await http().get('/audit/verify?background=true').set(auth(auditor)).expect(202);
    let job = started.body;
    for (let i = 0; i < 100 && job.status !== 'done'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = (await http().get(`/audit/verify/jobs/${started.body.jobId}`).set(auth(auditor)).expect(200)).body;
    }
    expect(job).toMatchObject({ status: 'done', report: { ok: true }, progress: { phase: 'seals' } });

    const seals = await http().get('/audit/seals?limit=2').set(auth(auditor)).expect(200);
    expect(seals.body.seals).toHaveLength(2);
    expect(seals.body.seals[1].prevSealHash).toBe(seals.body.seals[0].sealHash);
    const anchored = await http()
      .get(`/audit/verify?anchorSealNo=${seals.body.seals[1].sealNo}&anchorSealHash=${seals.body.seals[1].sealHash}`)
      .set(auth(auditor))
      .expect(200);
    expect(anchored.body.ok).toBe(true);
    await http().get('/audit/verify').set(auth(committee)).expect(403);
  });

  it('a background verify joins a running job only for the same check: an anchored request gets its own, anchored report', async () => {
    await app.get(SealService).sealPending();
    const [seal] = (await http().get('/audit/seals?limit=1').set(auth(auditor)).expect(200)).body.seals;
    const forgedHash = '0'.repeat(64);
    const poll = async (jobId: string) => {
      let job = (await http().get(`/audit/verify/jobs/${jobId}`).set(auth(auditor)).expect(200)).body;
      for (let i = 0; i < 200 && job.status === 'running'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        job = (await http().get(`/audit/verify/jobs/${jobId}`).set(auth(auditor)).expect(200)).body;
      }
      return job;
    };
    // Hold the event table so that the first job is still running when the others are asked for.
    const locker = await db.pool.connect();
    const started: Record<string, { jobId: string; anchor: unknown }> = {};
    let busy: request.Response;
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE events IN ACCESS EXCLUSIVE MODE');
      started.plain = (await http().get('/audit/verify?background=true').set(auth(auditor)).expect(202)).body;
      started.again = (await http().get('/audit/verify?background=true').set(auth(auditor)).expect(202)).body;
      started.anchored = (
        await http().get(`/audit/verify?background=true&anchorSealNo=${seal.sealNo}&anchorSealHash=${forgedHash}`).set(auth(auditor)).expect(202)
      ).body;
      busy = await http().get(`/audit/verify?background=true&anchorSealNo=${seal.sealNo}&anchorSealHash=${seal.sealHash}`).set(auth(auditor));
    } finally {
      await locker.query('COMMIT');
      locker.release();
    }
    expect(started.again.jobId).toBe(started.plain.jobId);
    expect(started.anchored.jobId).not.toBe(started.plain.jobId);
    expect(started.anchored.anchor).toEqual({ sealNo: seal.sealNo, sealHash: forgedHash });
    expect({ status: busy.status, code: busy.body.code }).toEqual({ status: 409, code: 'VERIFICATION_BUSY' });

    const plain = await poll(started.plain.jobId);
    const anchored = await poll(started.anchored.jobId);
    expect(plain).toMatchObject({ status: 'done', anchor: null, report: { ok: true, anchor: null } });
    expect(anchored).toMatchObject({
      status: 'done',
      report: { ok: false, anchor: { sealNo: seal.sealNo, sealHash: forgedHash }, firstProblem: { check: 'anchor', kind: 'changed' } },
    });
    // Half an anchor is not quietly dropped.
    const half = await http().get(`/audit/verify?anchorSealNo=${seal.sealNo}`).set(auth(auditor)).expect(400);
    expect(half.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['anchorSealHash']);
  });

  describe("a plan's export", () => {
    let dir: string;
    let publicKeyFile: string;
    let pem: string;
    let manifest: SignedManifest;

    beforeAll(async () => {
      dir = join(work, 'export-118');
      manifest = await app.get(PlanExportService).exportPlan(imported.planId, dir);
      // The public key is served to anyone, without a token.
      const key = await http().get('/audit/public-key').expect(200);
      expect(key.body).toMatchObject({ algorithm: 'Ed25519', keyId: manifest.signer.keyId });
      pem = key.body.publicKeyPem;
      publicKeyFile = join(work, 'dondoc-public-key.pem');
      await writeFile(publicKeyFile, pem);
    });

    /** A copy of the export to tamper with. */
    const copy = async (name: string) => {
      const target = join(work, name);
      await cp(dir, target, { recursive: true });
      return target;
    };

    it('holds every event of the plan and its tasks, with a manifest naming count, positions, SHA-256 and the covering seal', async () => {
      const { rows } = await db.pool.query<{ n: number; first: number; last: number }>(
        `SELECT count(*)::int AS n, min(global_position)::bigint AS first, max(global_position)::bigint AS last FROM events
          WHERE stream_id = $1 OR stream_id IN (SELECT stream_id FROM events WHERE event_type = 'TaskAssigned' AND data->>'planId' = $2)`,
        [`plan-${imported.planId}`, imported.planId],
      );
      expect(manifest).toMatchObject({
        format: 'dondoc-plan-export/1',
        planId: imported.planId,
        eventCount: rows[0].n,
        firstPosition: Number(rows[0].first),
        lastPosition: Number(rows[0].last),
        file: { name: EVENTS_FILE, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
        signer: { algorithm: 'Ed25519' },
      });
      expect(manifest.seal!.fromPosition).toBeLessThanOrEqual(manifest.lastPosition);
      expect(manifest.seal!.toPosition).toBeGreaterThanOrEqual(manifest.lastPosition);
      const lines = (await readFile(join(dir, EVENTS_FILE), 'utf8')).trimEnd().split('\n');
      expect(lines).toHaveLength(rows[0].n);
      expect(lines.some((l) => l.includes('Xử lý 4 vi phạm về an toàn thực phẩm.'))).toBe(true);
    });

    it('verifies offline with the public key alone', async () => {
      expect(await verifyExport(dir, pem)).toMatchObject({ ok: true, problems: [], eventCount: manifest.eventCount, sealNo: manifest.seal!.sealNo });
    });

    it('does not verify with one byte of the file changed', async () => {
      const target = await copy('one-byte');
      const file = join(target, EVENTS_FILE);
      const bytes = await readFile(file);
      const at = bytes.indexOf(Buffer.from('"progressPercent":60'));
      bytes[at + '"progressPercent":'.length] = '9'.charCodeAt(0); // 60 → 90
      await writeFile(file, bytes);
      const result = await verifyExport(target, pem);
      expect(result.ok).toBe(false);
      expect(result.problems.join('\n')).toMatch(/đã bị thay đổi: SHA-256/);
      expect(result.problems.join('\n')).toMatch(/Sự kiện đã bị sửa ở dòng \d+/);
    });

    it('does not verify a manifest signed by another key, nor an edited manifest', async () => {
      const other = generateKeyPairSync('ed25519');
      const forged = { ...manifest, signer: { algorithm: 'Ed25519' as const, keyId: keyIdOf(other.publicKey) } };
      forged.signature = sign(null, manifestSigningBytes(forged), other.privateKey).toString('base64');
      const byOtherKey = await copy('other-key');
      await writeFile(join(byOtherKey, MANIFEST_FILE), JSON.stringify(forged, null, 2));
      const result = await verifyExport(byOtherKey, pem);
      expect(result.ok).toBe(false);
      expect(result.problems.join('\n')).toMatch(/Chữ ký của bản kê không hợp lệ/);
      // The forger's own key does verify it: the check is the key, not the format.
      const otherPem = other.publicKey.export({ type: 'spki', format: 'pem' }).toString();
      expect((await verifyExport(byOtherKey, otherPem)).ok).toBe(true);

      const edited = await copy('edited-manifest');
      await writeFile(join(edited, MANIFEST_FILE), JSON.stringify({ ...manifest, eventCount: manifest.eventCount - 1 }, null, 2));
      expect((await verifyExport(edited, pem)).ok).toBe(false);
    });

    it('the CLI verifies it with the files and the public key only: no configuration, no database, no Redis', async () => {
      // Nothing to connect to: no JWT_SECRET, and database and Redis URLs pointing at closed ports.
      const offline = { HOME: work, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', REDIS_URL: 'redis://127.0.0.1:1' };
      const ok = cli(['verify-export', dir, '--public-key', publicKeyFile], offline);
      expect({ status: ok.status, stderr: ok.stderr }).toEqual({ status: 0, stderr: '' });
      expect(ok.stdout).toContain(`HỢP LỆ: ${manifest.eventCount} sự kiện của kế hoạch ${imported.planId}`);

      const tampered = await copy('cli-tampered');
      const file = join(tampered, EVENTS_FILE);
      const bytes = await readFile(file);
      bytes[bytes.length - 10] ^= 1;
      await writeFile(file, bytes);
      const refused = cli(['verify-export', tampered, '--public-key', publicKeyFile], offline);
      expect(refused.status).toBe(1);
      expect(refused.stdout).toMatch(/^KHÔNG HỢP LỆ:/);
    });

    it('the CLI exports and verifies the store against the database', async () => {
      const env = { HOME: work, DATABASE_URL: db.url, REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix, JWT_SECRET: 'a'.repeat(40), SIGNING_KEY_FILE: join(work, 'keys', 'signing-key.pem') };
      const exported = cli(['export', imported.planId, join(work, 'cli-export')], env);
      expect({ status: exported.status, stderr: exported.stderr }).toEqual({ status: 0, stderr: '' });
      expect(exported.stdout).toContain(`ký bởi khóa ${manifest.signer.keyId}`);
      expect((await verifyExport(join(work, 'cli-export'), pem)).ok).toBe(true);

      const verified = cli(['verify', '--json'], env);
      expect(verified.status).toBe(0);
      expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, problems: [] });
    });
  });
});
