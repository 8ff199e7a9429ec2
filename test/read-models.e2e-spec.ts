import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { EventStoreModule, PostgresEventStore, Upcasters } from '@dondoc/event-store';
import { Actor, AppConfig, loadAppConfig, ManualClock, PlatformModule, TokenService } from '@dondoc/platform';
import { createTaskingProjections, diffWithRebuild, ProjectionRebuilder } from '@dondoc/projections';
import { createTestDatabase, createTestRedis, TestDatabase, TestRedis } from '@dondoc/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { ProjectionsWorkerModule } from '../apps/worker/src/projections/projections-worker.module';

const committee: Actor = { userId: 'u-bcd', role: 'committee', agency: null };
const admin: Actor = { userId: 'u-admin', role: 'admin', agency: null };
const auditor: Actor = { userId: 'u-thanh-tra', role: 'auditor', agency: null };
const monitoring: Actor = { userId: 'u-ca-tinh', role: 'monitoring', agency: 'CA_TINH' };
const soYTe: Actor = { userId: 'u-so-y-te', role: 'agency', agency: 'SO_Y_TE' };
const soGtvt: Actor = { userId: 'u-so-gtvt', role: 'agency', agency: 'SO_GTVT' };

/**
 * The projection engine of the worker app (its BullMQ processor and its poll), in this process
 * but as its own Nest application with its own pool and Redis connections: the API wakes it
 * through the real queue, exactly as it wakes a worker process.
 */
async function startProjectionWorker(config: AppConfig, clock: ManualClock): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(
    {
      module: class ProjectionWorkerUnderTest {},
      imports: [PlatformModule.forRoot({ config, clock }), EventStoreModule, ProjectionsWorkerModule],
    },
    { logger: false },
  );
  await app.init();
  return app;
}

describe('read models over HTTP (API + projection worker, PostgreSQL, Redis)', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let planId: string;
  const clock = new ManualClock('2019-12-01T02:00:00.000Z');
  const tokens = new Map<Actor, string>();
  let seq = 0;

  const http = () => request(api.getHttpServer());
  const auth = (actor: Actor) => ({ Authorization: `Bearer ${tokens.get(actor)}` });
  const key = () => `read-e2e-${++seq}`;

  const registerAgency = (code: string, nameVi: string) =>
    http()
      .post('/agencies')
      .set(auth(admin))
      .send({ code, nameVi, level: 'province', kind: code === 'CA_TINH' ? 'police' : 'department', collective: false })
      .expect(201);

  const assign = async (title: string, leadAgency: string, extra: Record<string, unknown> = {}) => {
    const res = await http()
      .post(`/plans/${planId}/tasks`)
      .set(auth(committee))
      .set('Idempotency-Key', key())
      .send({ title, leadAgency, reportingSchedule: { kind: 'monthly', day: 20 }, ...extra })
      .expect(201);
    return res.body as { taskId: string; position: number };
  };

  const taskOf = async (actor: Actor, taskId: string, minPosition?: number) => {
    const res = await http()
      .get('/tasks')
      .query({ planId, pageSize: 200, ...(minPosition ? { minPosition } : {}) })
      .set(auth(actor))
      .expect(200);
    return { body: res.body, task: res.body.items.find((t: { taskId: string }) => t.taskId === taskId) };
  };

  const obligationOf = async (taskId: string, periodId: string) => {
    const res = await http().get('/obligations').query({ planId, pageSize: 200 }).set(auth(committee)).expect(200);
    return res.body.items.find((o: { taskId: string; periodId: string }) => o.taskId === taskId && o.periodId === periodId);
  };

  beforeAll(async () => {
    db = await createTestDatabase('read_models_e2e');
    redis = await createTestRedis('read_models_e2e');
    const config = loadAppConfig({ DATABASE_URL: db.url, JWT_SECRET: 'r'.repeat(40), REDIS_PREFIX: redis.prefix, PG_POOL_SIZE: '8' });
    api = await createApiApp({ config, clock }, false);
    await api.init();
    worker = await startProjectionWorker(config, clock);
    const tokenService = api.get(TokenService);
    for (const actor of [committee, admin, auditor, monitoring, soYTe, soGtvt]) tokens.set(actor, tokenService.issue(actor));

    await registerAgency('UBND_TINH', 'Ủy ban nhân dân tỉnh');
    await registerAgency('CA_TINH', 'Công an tỉnh');
    await registerAgency('SO_Y_TE', 'Sở Y tế');
    await registerAgency('SO_GTVT', 'Sở Giao thông vận tải');
    const plan = await http()
      .post('/plans')
      .set(auth(committee))
      .send({
        planId: 'plan-read-e2e',
        number: '118/KH-UBND',
        issuerAgency: 'UBND_TINH',
        issuedOn: '2019-12-01',
        title: 'Kế hoạch bảo đảm an ninh, trật tự dịp Tết Canh Tý 2020',
        period: { start: '2019-12-01', end: '2020-06-30' },
        monitoringAgency: 'CA_TINH',
        defaultReportingSchedule: { kind: 'monthly', day: 20 },
      })
      .expect(201);
    planId = plan.body.planId;
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  it('moves a monthly day-20 task through chưa đến hạn, sắp đến hạn, quá hạn and hoàn thành quá hạn as the clock moves', async () => {
    clock.set('2019-12-01T02:00:00.000Z');
    const { taskId, position } = await assign('Kiểm tra an toàn thực phẩm dịp Tết', 'SO_Y_TE', { coordinatingAgencies: ['CA_TINH'] });

    // 10 December, 09:00 in Hà Nội: the December report is due on Friday 20 December.
    clock.set('2019-12-10T02:00:00.000Z');
    let { body, task } = await taskOf(committee, taskId, position);
    expect(body.consistency).toEqual({ position: expect.any(Number), minPosition: position, reached: true });
    expect(body.asOf).toBe('2019-12-10T02:00:00.000Z');
    expect(task).toMatchObject({
      status: 'not_due',
      statusLabel: 'Chưa đến hạn',
      nextDeadline: { periodId: '2019-12', dueAt: '2019-12-20T17:00:00.000Z' },
      leadAgency: 'SO_Y_TE',
      coordinatingAgencies: ['CA_TINH'],
    });
    expect(await obligationOf(taskId, '2019-12')).toMatchObject({ status: 'not_due', statusLabel: 'Chưa đến hạn', overdue: false, dueDate: '2019-12-20' });

    // Wednesday 18 December: within three working days of the deadline. No event in between.
    clock.set('2019-12-18T02:00:00.000Z');
    ({ task } = await taskOf(committee, taskId));
    expect(task).toMatchObject({ status: 'due_soon', statusLabel: 'Sắp đến hạn' });

    // Saturday 21 December, nothing reported: overdue, still without any new event.
    clock.set('2019-12-21T02:00:00.000Z');
    ({ task } = await taskOf(committee, taskId));
    expect(task).toMatchObject({ status: 'overdue', statusLabel: 'Quá hạn' });
    const overdue = await http().get('/obligations').query({ planId, overdue: 'true' }).set(auth(committee)).expect(200);
    expect(overdue.body.items.map((o: { taskId: string; periodId: string }) => `${o.taskId}/${o.periodId}`)).toContain(`${taskId}/2019-12`);
    const filtered = await http().get('/tasks').query({ planId, status: 'overdue' }).set(auth(committee)).expect(200);
    expect(filtered.body.items.map((t: { taskId: string }) => t.taskId)).toContain(taskId);
    expect(filtered.body.statusLabels.overdue).toBe('Quá hạn');
    const card = await http().get('/agencies/SO_Y_TE/scorecard').set(auth(committee)).expect(200);
    expect(card.body).toMatchObject({ agencyCode: 'SO_Y_TE', nameVi: 'Sở Y tế', tasks: { overdue: 1 }, reports: { due: 1, received: 0, lateOpen: 1 }, lateRate: 100, onTimeRate: 0 });

    // Monday 23 December: the report comes, late.
    clock.set('2019-12-23T02:00:00.000Z');
    const report = await http()
      .post(`/tasks/${taskId}/reports`)
      .set(auth(soYTe))
      .send({ periodId: '2019-12', text: 'Đã kiểm tra 120 cơ sở, xử lý 4 vi phạm.', progressPercent: 40 })
      .expect(201);
    ({ task } = await taskOf(committee, taskId, report.body.position));
    expect(task).toMatchObject({
      status: 'done_late',
      statusLabel: 'Hoàn thành quá hạn',
      lastReport: { periodId: '2019-12', late: true, progressPercent: 40 },
      nextDeadline: { periodId: '2020-01' },
    });
    expect(await obligationOf(taskId, '2019-12')).toMatchObject({
      status: 'done_late',
      statusLabel: 'Hoàn thành quá hạn',
      overdue: false,
      late: true,
      submittedAt: '2019-12-23T02:00:00.000Z',
    });
    const progress = await http().get(`/plans/${planId}/progress`).query({ minPosition: report.body.position }).set(auth(committee)).expect(200);
    expect(progress.body).toMatchObject({
      planId,
      number: '118/KH-UBND',
      previousPeriod: { periodId: '2019-12', byAgency: expect.arrayContaining([{ agency: 'SO_Y_TE', originalAgencies: ['SO_Y_TE'], expected: 1, received: 1, late: 1 }]) },
      currentPeriod: { periodId: '2020-01' },
      statusLabels: { done_late: 'Hoàn thành quá hạn' },
      consistency: { reached: true },
    });
    expect(progress.body.tasks.byStatus.done_late).toBeGreaterThanOrEqual(1);
  });

  it('answers a query given the position a command returned with that command’s effect, every time', async () => {
    clock.set('2019-12-02T02:00:00.000Z');
    for (let i = 0; i < 8; i++) {
      const lead = i % 2 ? 'SO_GTVT' : 'SO_Y_TE';
      const { taskId, position } = await assign(`Nhiệm vụ kiểm tra số ${i}`, lead);
      const { body, task } = await taskOf(committee, taskId, position);
      expect(body.consistency).toMatchObject({ minPosition: position, reached: true });
      expect(body.consistency.position).toBeGreaterThanOrEqual(position);
      expect(task).toMatchObject({ taskId, leadAgency: lead, status: 'not_due' });

      const card = await http().get(`/agencies/${lead}/scorecard`).query({ minPosition: position }).set(auth(committee)).expect(200);
      expect(card.body.consistency.reached).toBe(true);
      const lead_count = card.body.tasks.lead;
      const cancelled = await http()
        .post(`/tasks/${taskId}/cancel`)
        .set(auth(committee))
        .send({ reason: 'Không còn phù hợp' })
        .expect(201);
      const after = await http().get(`/agencies/${lead}/scorecard`).query({ minPosition: cancelled.body.position }).set(auth(committee)).expect(200);
      expect(after.body.tasks).toMatchObject({ lead: lead_count, cancelled: card.body.tasks.cancelled + 1, open: card.body.tasks.open - 1 });
      const progress = await http().get(`/plans/${planId}/progress`).query({ minPosition: cancelled.body.position }).set(auth(committee)).expect(200);
      expect(progress.body.consistency.reached).toBe(true);
      const { task: gone } = await taskOf(committee, taskId, cancelled.body.position);
      expect(gone).toMatchObject({ status: 'cancelled', statusLabel: 'Đã hủy', lifecycle: 'cancelled' });
    }
  });

  it('waits only a bounded time for a position the read models never reach, and says so', async () => {
    const head = Number((await db.pool.query('SELECT max(global_position) AS p FROM events')).rows[0].p);
    const started = Date.now();
    const res = await http().get('/tasks').query({ minPosition: head * 2 }).set(auth(committee)).expect(200);
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(res.body.consistency).toMatchObject({ minPosition: head * 2, reached: false });
    expect(res.body.consistency.position).toBeGreaterThanOrEqual(head);
  });

  it("keeps an agency officer to their own agency's tasks, obligations and scorecard", async () => {
    clock.set('2019-12-03T02:00:00.000Z');
    const yTe = await assign('Tuyên truyền phòng chống dịch bệnh', 'SO_Y_TE');
    const gtvt = await assign('Bảo đảm trật tự an toàn giao thông', 'SO_GTVT', { coordinatingAgencies: ['SO_Y_TE'] });
    const position = Math.max(yTe.position, gtvt.position);

    // Another agency's figures: refused, whichever way they are asked for.
    for (const [path, query] of [
      ['/tasks', { agency: 'SO_Y_TE' }],
      ['/obligations', { agency: 'SO_Y_TE' }],
      ['/obligations', { agency: 'SO_Y_TE', planId }],
      ['/agencies/SO_Y_TE/scorecard', {}],
    ] as const) {
      const res = await http().get(path).query(query).set(auth(soGtvt)).expect(403);
      expect(res.body).toMatchObject({ code: 'NOT_YOUR_AGENCY' });
    }

    // Their own: the tasks they lead or coordinate, the obligations they owe, their scorecard.
    const own = await http().get('/tasks').query({ planId, minPosition: position, pageSize: 200 }).set(auth(soGtvt)).expect(200);
    const ownIds = own.body.items.map((t: { taskId: string }) => t.taskId);
    expect(ownIds).toContain(gtvt.taskId);
    expect(ownIds).not.toContain(yTe.taskId);
    expect(own.body.items.every((t: { leadAgency: string; coordinatingAgencies: string[] }) => t.leadAgency === 'SO_GTVT' || t.coordinatingAgencies.includes('SO_GTVT'))).toBe(true);
    const coordinating = await http().get('/tasks').query({ planId, pageSize: 200 }).set(auth(soYTe)).expect(200);
    expect(coordinating.body.items.map((t: { taskId: string }) => t.taskId)).toEqual(expect.arrayContaining([yTe.taskId, gtvt.taskId]));
    const obligations = await http().get('/obligations').query({ planId, pageSize: 200 }).set(auth(soGtvt)).expect(200);
    expect(obligations.body.total).toBeGreaterThan(0);
    expect(obligations.body.items.every((o: { agency: string }) => o.agency === 'SO_GTVT')).toBe(true);
    await http().get('/agencies/SO_GTVT/scorecard').set(auth(soGtvt)).expect(200);

    // Plan-level progress: yes; of the per-agency rows, their own only.
    const progress = await http().get(`/plans/${planId}/progress`).set(auth(soGtvt)).expect(200);
    expect(progress.body.tasks.total).toBeGreaterThan(1);
    expect(progress.body.currentPeriod.byAgency.map((r: { agency: string }) => r.agency)).toEqual(['SO_GTVT']);
    const full = await http().get(`/plans/${planId}/progress`).set(auth(auditor)).expect(200);
    expect(full.body.currentPeriod.byAgency.map((r: { agency: string }) => r.agency)).toEqual(expect.arrayContaining(['SO_GTVT', 'SO_Y_TE']));

    // Committee, monitoring and auditors read every agency.
    for (const actor of [committee, monitoring, auditor]) {
      const all = await http().get('/tasks').query({ planId, agency: 'SO_Y_TE', pageSize: 200 }).set(auth(actor)).expect(200);
      expect(all.body.items.map((t: { taskId: string }) => t.taskId)).toContain(yTe.taskId);
      await http().get('/agencies/SO_Y_TE/scorecard').set(auth(actor)).expect(200);
    }
  });

  it('refuses bad query parameters naming each, pages with a default and a maximum, and needs a token', async () => {
    const bad = await http()
      .get('/tasks')
      .query({ pageSize: 1000, page: 0, status: 'late', agency: 'so y te', sort: 'title', minPosition: -1 })
      .set(auth(committee))
      .expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(['agency', 'minPosition', 'page', 'pageSize', 'sort', 'status']);
    const badOverdue = await http().get('/obligations').query({ overdue: 'yes' }).set(auth(committee)).expect(400);
    expect(badOverdue.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['overdue']);
    await http().get('/agencies/so-y-te/scorecard').set(auth(committee)).expect(400);
    await http().get('/plans/plan-that-is-not/progress').set(auth(committee)).expect(404);
    await http().get('/agencies/SO_KHONG_CO/scorecard').set(auth(committee)).expect(404);
    await http().get('/tasks').expect(401);

    const first = await http().get('/tasks').query({ planId, pageSize: 2 }).set(auth(committee)).expect(200);
    expect(first.body).toMatchObject({ page: 1, pageSize: 2 });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.total).toBeGreaterThan(2);
    const second = await http().get('/tasks').query({ planId, pageSize: 2, page: 2 }).set(auth(committee)).expect(200);
    expect(second.body.items.map((t: { taskId: string }) => t.taskId)).not.toContain(first.body.items[0].taskId);
    const defaults = await http().get('/tasks').set(auth(committee)).expect(200);
    expect(defaults.body).toMatchObject({ page: 1, pageSize: 50 });
  });

  it('shows each projection\'s lag on /health and /metrics', async () => {
    const health = await http().get('/health').expect(200);
    expect(health.body.projections.headPosition).toBeGreaterThan(0);
    expect(health.body.projections.projections.map((p: { name: string }) => p.name).sort()).toEqual(['agency-scorecard', 'plan-progress', 'task-board']);
    expect(health.body.projections.projections[0]).toMatchObject({ lagPositions: expect.any(Number), lagSeconds: expect.any(Number) });
    const metrics = await http().get('/metrics').expect(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.text).toMatch(/^dondoc_projection_lag_seconds\{projection="task-board"\} [0-9.e-]+$/m);
    expect(metrics.text).toMatch(/^dondoc_projection_lag_positions\{projection="plan-progress"\} \d+$/m);
  });

  it('keeps answering queries while every read model is rebuilt and swapped in under load; the rebuilt tables equal the live ones', async () => {
    clock.set('2019-12-05T02:00:00.000Z');
    const store = new PostgresEventStore(db.pool);
    const rebuilder = new ProjectionRebuilder(db.pool, store, new Upcasters());
    const projections = createTaskingProjections();
    let writing = true;
    let written = 0;
    let lastPosition = 0;
    const writers = (async () => {
      while (writing) {
        const { position } = await assign(`Nhiệm vụ trong lúc dựng lại ${written}`, written % 2 ? 'SO_GTVT' : 'SO_Y_TE');
        lastPosition = Math.max(lastPosition, position);
        written++;
      }
    })();
    const failures: string[] = [];
    let answered = 0;
    const readers = Array.from({ length: 3 }, async (_, r) => {
      while (writing) {
        const path = [`/tasks?planId=${planId}`, `/plans/${planId}/progress`, '/agencies/SO_Y_TE/scorecard'][r];
        const res = await http().get(path).set(auth(committee));
        if (res.status !== 200) failures.push(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
        answered++;
      }
    });
    const results = await rebuilder.rebuildMany(projections, { batchSize: 50 });
    // Once more with writes flowing, then stop them.
    await rebuilder.rebuild(projections[0], { batchSize: 50 });
    writing = false;
    await Promise.all([writers, ...readers]);
    expect(results.every((r) => r.swapped)).toBe(true);
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(10);
    expect(written).toBeGreaterThan(3);

    // The workers go on from the swapped-in checkpoints: the newest task is there.
    const latest = await http().get('/tasks').query({ planId, minPosition: lastPosition, pageSize: 200 }).set(auth(committee)).expect(200);
    expect(latest.body.consistency.reached).toBe(true);
    expect(latest.body.total).toBe(Number((await db.pool.query(`SELECT count(*) AS n FROM events WHERE event_type = 'TaskAssigned'`)).rows[0].n));

    // Row for row, the live tables equal the same read models rebuilt from position 0.
    for (const projection of projections) {
      await rebuilder.rebuild(projection, { swap: false });
      for (const diff of await diffWithRebuild(db.pool, projection)) {
        expect(diff).toEqual({ table: diff.table, rows: diff.otherRows, otherRows: diff.otherRows, onlyHere: 0, onlyThere: 0 });
      }
      await rebuilder.discard(projection);
    }
  });
});
