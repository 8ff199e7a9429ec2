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
/** An officer of the provincial People's Committee, which takes over the district's work. */
const tinh: Actor = { userId: 'u-ubnd-tinh', role: 'agency', agency: 'UBND_TINH' };
/** An officer of the district People's Committee abolished on 1 July 2025. */
const huyenX: Actor = { userId: 'u-ubnd-huyen-x', role: 'agency', agency: 'UBND_HUYEN_X' };

const REFORM = 'Nghị quyết 202/2025/QH15: không tổ chức đơn vị hành chính cấp huyện từ ngày 01/07/2025';
/** Noon in Hà Nội on the last day of the district level. */
const EVE = '2025-06-30T12:00:00+07:00';

async function startProjectionWorker(config: AppConfig, clock: ManualClock): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(
    {
      module: class SuccessionProjectionWorkerUnderTest {},
      imports: [PlatformModule.forRoot({ config, clock }), EventStoreModule, ProjectionsWorkerModule],
    },
    { logger: false },
  );
  await app.init();
  return app;
}

describe('agency succession (the reform of 1 July 2025) over HTTP: tasks show under the successor now and under the original agency as of before', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let api: INestApplication;
  let worker: INestApplicationContext;
  const clock = new ManualClock('2024-01-05T02:00:00.000Z');
  const tokens = new Map<Actor, string>();
  const planId = 'plan-succession-e2e';
  let taskX: string;
  let taskB: string;
  let taskCoordinated: string;
  let lastPosition = 0;
  let seq = 0;

  const http = () => request(api.getHttpServer());
  const auth = (actor: Actor) => ({ Authorization: `Bearer ${tokens.get(actor)}` });
  const key = () => `succession-e2e-${++seq}`;
  const seen = (position: number) => (lastPosition = Math.max(lastPosition, position));
  const eventCount = async () => Number((await db.pool.query('SELECT count(*) AS n FROM events')).rows[0].n);

  const register = async (code: string, nameVi: string, level: string) =>
    seen(
      (
        await http()
          .post('/agencies')
          .set(auth(admin))
          .send({ code, nameVi, level, kind: code.startsWith('SO_') ? 'department' : 'committee', collective: false })
          .expect(201)
      ).body.position,
    );

  const assign = async (title: string, leadAgency: string, coordinatingAgencies: string[] = []) => {
    const res = await http()
      .post(`/plans/${planId}/tasks`)
      .set(auth(committee))
      .set('Idempotency-Key', key())
      .send({ title, leadAgency, coordinatingAgencies })
      .expect(201);
    seen(res.body.position);
    return res.body.taskId as string;
  };

  const tasks = (actor: Actor, query: Record<string, string> = {}) =>
    http()
      .get('/tasks')
      .query({ planId, pageSize: 200, minPosition: String(lastPosition), ...query })
      .set(auth(actor));
  const ids = (body: { items: { taskId: string }[] }) => body.items.map((t) => t.taskId).sort();
  const itemOf = (body: { items: { taskId: string }[] }, taskId: string) => body.items.find((t) => t.taskId === taskId) as Record<string, unknown>;

  beforeAll(async () => {
    db = await createTestDatabase('agency_succession_e2e');
    redis = await createTestRedis('agency_succession_e2e');
    const config = loadAppConfig({ DATABASE_URL: db.url, JWT_SECRET: 's'.repeat(40), REDIS_PREFIX: redis.prefix, PG_POOL_SIZE: '6' });
    api = await createApiApp({ config, clock }, false);
    await api.init();
    worker = await startProjectionWorker(config, clock);
    const tokenService = api.get(TokenService);
    for (const actor of [committee, admin, auditor, tinh, huyenX]) tokens.set(actor, tokenService.issue(actor));

    await register('UBND_TINH', 'Ủy ban nhân dân tỉnh', 'province');
    await register('CA_TINH', 'Công an tỉnh', 'province');
    await register('SO_Y_TE', 'Sở Y tế', 'province');
    await register('UBND_HUYEN_X', 'Ủy ban nhân dân huyện Xuân Trường', 'district');
    await register('UBND_HUYEN_B', 'Ủy ban nhân dân huyện Bình Lục', 'district');
    await register('UBND_XA_MOI', 'Ủy ban nhân dân xã Xuân Trường', 'commune');
    const plan = await http()
      .post('/plans')
      .set(auth(committee))
      .send({
        planId,
        number: '15/KH-UBND',
        issuerAgency: 'UBND_TINH',
        issuedOn: '2024-01-05',
        title: 'Kế hoạch phòng, chống tội phạm và vi phạm pháp luật năm 2024–2025',
        period: { start: '2024-01-05', end: '2025-12-31' },
        monitoringAgency: 'CA_TINH',
        defaultReportingSchedule: { kind: 'monthly', day: 20 },
      })
      .expect(201);
    seen(plan.body.position);

    clock.set('2024-01-10T02:00:00.000Z');
    taskX = await assign('Rà soát, giải quyết đơn thư tồn đọng trên địa bàn huyện', 'UBND_HUYEN_X', ['SO_Y_TE']);
    taskB = await assign('Kiểm tra an toàn thực phẩm tại các chợ đầu mối', 'UBND_HUYEN_B');
    taskCoordinated = await assign('Tuyên truyền phòng, chống ma túy trong trường học', 'SO_Y_TE', ['UBND_HUYEN_X']);

    // The district reports for January 2024, on time (due Monday 22 January: the 20th is a Saturday).
    clock.set('2024-01-15T02:00:00.000Z');
    const report = await http()
      .post(`/tasks/${taskX}/reports`)
      .set(auth(huyenX))
      .send({ periodId: '2024-01', text: 'Đã giải quyết 12/15 đơn thư tồn đọng.', progressPercent: 30 })
      .expect(201);
    seen(report.body.position);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  let assignedRow: Record<string, unknown>;
  const assignment = async () =>
    (await db.pool.query(`SELECT global_position, event_type, data, metadata, hash FROM events WHERE stream_id = $1 AND stream_version = 1`, [`task-${taskX}`]))
      .rows[0];

  it('records ahead of time that district X ceases on 1 July 2025 and its work passes to the provincial committee; refusals append nothing', async () => {
    assignedRow = await assignment();
    expect(assignedRow).toMatchObject({ event_type: 'TaskAssigned', data: { leadAgency: 'UBND_HUYEN_X' } });

    clock.set('2025-06-20T03:00:00.000Z');
    const before = await eventCount();
    // Not for agency officers or auditors; a 400 names every bad field.
    await http().post('/agencies/UBND_HUYEN_X/succession').set(auth(huyenX)).send({ successorCode: 'UBND_TINH', effectiveOn: '2025-07-01', reason: REFORM }).expect(403);
    await http().post('/agencies/UBND_HUYEN_X/succession').set(auth(auditor)).send({ successorCode: 'UBND_TINH', effectiveOn: '2025-07-01', reason: REFORM }).expect(403);
    const bad = await http()
      .post('/agencies/UBND_HUYEN_X/succession')
      .set(auth(admin))
      .send({ successorCode: 'ubnd tinh', effectiveOn: '2025-02-29', reason: '', note: 'x' })
      .expect(400);
    expect(bad.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(['effectiveOn', 'note', 'reason', 'successorCode']);
    await http().post('/agencies/ubnd-x/succession').set(auth(admin)).send({ successorCode: 'UBND_TINH', effectiveOn: '2025-07-01', reason: REFORM }).expect(400);
    const missing = await http().post('/agencies/UBND_HUYEN_Z/succession').set(auth(admin)).send({ successorCode: 'UBND_TINH', effectiveOn: '2025-07-01', reason: REFORM }).expect(404);
    expect(missing.body.code).toBe('AGENCY_NOT_FOUND');
    const unknownSuccessor = await http().post('/agencies/UBND_HUYEN_X/succession').set(auth(admin)).send({ successorCode: 'UBND_TINH_Z', effectiveOn: '2025-07-01', reason: REFORM }).expect(422);
    expect(unknownSuccessor.body.code).toBe('AGENCY_NOT_FOUND');
    expect((await http().post('/agencies/UBND_HUYEN_X/succession').set(auth(admin)).send({ successorCode: 'UBND_HUYEN_X', effectiveOn: '2025-07-01', reason: REFORM }).expect(400)).body.code).toBe('SUCCESSOR_IS_SELF');
    expect(await eventCount()).toBe(before);

    const first = await http()
      .post('/agencies/UBND_HUYEN_X/succession')
      .set(auth(admin))
      .set('Idempotency-Key', 'reform-ubnd-huyen-x')
      .set('If-Match', '1')
      .send({ successorCode: 'UBND_TINH', effectiveOn: '2025-07-01', reason: REFORM })
      .expect(201);
    expect(first.body).toEqual({ streamId: 'agency-UBND_HUYEN_X', streamVersion: 2, position: expect.any(Number), duplicate: false });
    seen(first.body.position);
    const again = await http()
      .post('/agencies/UBND_HUYEN_X/succession')
      .set(auth(admin))
      .set('Idempotency-Key', 'reform-ubnd-huyen-x')
      .send({ successorCode: 'UBND_TINH', effectiveOn: '2025-07-01', reason: REFORM })
      .expect(201);
    expect(again.body).toEqual({ ...first.body, duplicate: true });
    const recorded = (await db.pool.query(`SELECT event_type, schema_version, data, metadata FROM events WHERE stream_id = 'agency-UBND_HUYEN_X' AND stream_version = 2`)).rows[0];
    expect(recorded).toMatchObject({
      event_type: 'AgencySucceeded',
      schema_version: 1,
      data: { code: 'UBND_HUYEN_X', successorCode: 'UBND_TINH', effectiveOn: '2025-07-01', effectiveAt: '2025-06-30T17:00:00.000Z', reason: REFORM },
      metadata: { actor: 'u-admin', role: 'admin' },
    });

    const afterOne = await eventCount();
    expect((await http().post('/agencies/UBND_HUYEN_X/succession').set(auth(committee)).send({ successorCode: 'UBND_XA_MOI', effectiveOn: '2025-07-01', reason: REFORM }).expect(409)).body.code).toBe('AGENCY_ALREADY_SUCCEEDED');
    expect((await http().post('/agencies/UBND_TINH/succession').set(auth(committee)).send({ successorCode: 'UBND_HUYEN_X', effectiveOn: '2026-01-01', reason: 'thử vòng lặp' }).expect(422)).body.code).toBe('SUCCESSION_CYCLE');
    // A list is checked whole before anything is appended: here its second item closes a cycle.
    const cycle = await http()
      .post('/agencies/successions')
      .set(auth(admin))
      .send({ effectiveOn: '2025-07-01', reason: REFORM, items: [{ code: 'UBND_HUYEN_B', successorCode: 'UBND_XA_MOI' }, { code: 'UBND_XA_MOI', successorCode: 'UBND_HUYEN_B' }] })
      .expect(422);
    expect(cycle.body).toMatchObject({ code: 'SUCCESSION_CYCLE', details: { item: 1, code: 'UBND_XA_MOI' } });
    const empty = await http().post('/agencies/successions').set(auth(admin)).send({ effectiveOn: '2025-07-01', reason: REFORM, items: [{ code: 'x' }] }).expect(400);
    expect(empty.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(['items[0].code', 'items[0].successorCode']);
    expect(await eventCount()).toBe(afterOne);
  });

  it('before the day: the district still answers for its task; the province neither lists it nor reports on it', async () => {
    clock.set('2025-06-25T02:00:00.000Z');
    const province = await tasks(committee, { agency: 'UBND_TINH' }).expect(200);
    expect(ids(province.body)).toEqual([]);
    const all = await tasks(committee).expect(200);
    expect(itemOf(all.body, taskX)).toMatchObject({ leadAgency: 'UBND_HUYEN_X', shownAgency: 'UBND_HUYEN_X' });
    expect(ids((await tasks(huyenX).expect(200)).body)).toEqual([taskCoordinated, taskX].sort());
    const early = await http().post(`/tasks/${taskX}/reports`).set(auth(tinh)).send({ periodId: '2025-06', text: 'Báo cáo tháng 6', progressPercent: 60 }).expect(403);
    expect(early.body.code).toBe('NOT_YOUR_AGENCY');
  });

  /** The live answers at the eve of the reform, to compare with the audit's replay of that instant later. */
  const liveAtEve: Record<string, unknown> = {};

  it('on the eve, the live plan figures show the district (kept to compare with the replay)', async () => {
    clock.set(new Date(EVE).toISOString());
    const progress = await http().get(`/plans/${planId}/progress`).query({ minPosition: lastPosition }).set(auth(committee)).expect(200);
    const agencies = await http().get(`/plans/${planId}/agencies`).query({ minPosition: lastPosition }).set(auth(committee)).expect(200);
    expect(progress.body.previousPeriod).toMatchObject({ periodId: '2025-06' });
    expect(progress.body.previousPeriod.byAgency).toContainEqual({ agency: 'UBND_HUYEN_X', originalAgencies: ['UBND_HUYEN_X'], expected: 1, received: 0, late: 0 });
    expect(agencies.body.items.map((r: { agency: string }) => r.agency)).toEqual(['SO_Y_TE', 'UBND_HUYEN_B', 'UBND_HUYEN_X']);
    const { statusLabels: _s, asOf: _a, consistency: _c, ...figures } = progress.body;
    liveAtEve.progress = figures;
    liveAtEve.agencies = agencies.body.items;
  });

  it('from 1 July 2025: current lists, scorecards and the plan ranking show the task under the province; its officers act on it, the district’s are refused', async () => {
    clock.set('2025-07-02T02:00:00.000Z');
    const province = await tasks(committee, { agency: 'UBND_TINH' }).expect(200);
    expect(ids(province.body)).toEqual([taskCoordinated, taskX].sort());
    expect(itemOf(province.body, taskX)).toMatchObject({ leadAgency: 'UBND_HUYEN_X', shownAgency: 'UBND_TINH', coordinatingAgencies: ['SO_Y_TE'] });
    expect(itemOf(province.body, taskCoordinated)).toMatchObject({
      leadAgency: 'SO_Y_TE',
      coordinatingAgencies: ['UBND_HUYEN_X'],
      shownAgency: 'SO_Y_TE',
      shownCoordinatingAgencies: ['UBND_TINH'],
    });
    // Asking for the ceased district still finds its own tasks (shown under the province).
    expect(ids((await tasks(committee, { agency: 'UBND_HUYEN_X' }).expect(200)).body)).toEqual([taskCoordinated, taskX].sort());

    const owed = await http().get('/obligations').query({ planId, agency: 'UBND_TINH', pageSize: 200, minPosition: lastPosition }).set(auth(committee)).expect(200);
    expect(owed.body.items.length).toBeGreaterThan(0);
    expect(owed.body.items.every((o: { taskId: string; agency: string; shownAgency: string }) => o.taskId === taskX && o.agency === 'UBND_HUYEN_X' && o.shownAgency === 'UBND_TINH')).toBe(true);

    const card = await http().get('/agencies/UBND_TINH/scorecard').query({ minPosition: lastPosition }).set(auth(committee)).expect(200);
    expect(card.body).toMatchObject({
      agencyCode: 'UBND_TINH',
      nameVi: 'Ủy ban nhân dân tỉnh',
      predecessors: ['UBND_HUYEN_X'],
      succeededBy: null,
      tasks: { lead: 1, open: 1, coordinating: 1 },
      reports: { submitted: 1, late: 0 },
    });
    expect(card.body.reports.due).toBeGreaterThan(10);
    const old = await http().get('/agencies/UBND_HUYEN_X/scorecard').set(auth(committee)).expect(200);
    expect(old.body).toMatchObject({
      agencyCode: 'UBND_HUYEN_X',
      predecessors: [],
      succeededBy: { successorCode: 'UBND_TINH', answeringAgency: 'UBND_TINH', effectiveOn: '2025-07-01' },
      tasks: { lead: 1 },
    });

    const ranking = await http().get(`/plans/${planId}/agencies`).query({ minPosition: lastPosition }).set(auth(committee)).expect(200);
    expect(ranking.body.items.map((r: { agency: string }) => r.agency)).toEqual(['SO_Y_TE', 'UBND_HUYEN_B', 'UBND_TINH']);
    expect(ranking.body.items[2]).toMatchObject({ agency: 'UBND_TINH', originalAgencies: ['UBND_HUYEN_X'], nameVi: 'Ủy ban nhân dân tỉnh', leadTasks: 1 });
    const progress = await http().get(`/plans/${planId}/progress`).set(auth(committee)).expect(200);
    expect(progress.body.previousPeriod.byAgency).toContainEqual({ agency: 'UBND_TINH', originalAgencies: ['UBND_HUYEN_X'], expected: 1, received: 0, late: 0 });

    // The province's officers read the task whole and report on it; their own list includes it.
    expect(ids((await tasks(tinh).expect(200)).body)).toEqual([taskCoordinated, taskX].sort());
    const view = await http().get(`/tasks/${taskX}`).set(auth(tinh)).expect(200);
    expect(view.body).toMatchObject({ leadAgency: 'UBND_HUYEN_X', shownAgency: 'UBND_TINH', visibility: 'full' });
    expect(view.body.reports).toHaveLength(1);
    const report = await http()
      .post(`/tasks/${taskX}/reports`)
      .set(auth(tinh))
      .send({ periodId: '2025-06', text: 'UBND tỉnh tiếp nhận và báo cáo thay huyện Xuân Trường (đã giải thể cấp huyện).', progressPercent: 80 })
      .expect(201);
    seen(report.body.position);
    expect((await db.pool.query(`SELECT metadata->>'agency' AS agency, data->>'late' AS late FROM events WHERE global_position = $1`, [report.body.position])).rows[0]).toEqual({
      agency: 'UBND_TINH',
      late: 'true',
    });
    const narrowed = await http().get('/agencies/UBND_HUYEN_X/scorecard').query({ minPosition: lastPosition }).set(auth(tinh)).expect(200);
    expect(narrowed.body.reports).toMatchObject({ submitted: 2, late: 1 });
    expect((await http().get('/agencies/SO_Y_TE/scorecard').set(auth(tinh)).expect(403)).body.code).toBe('NOT_YOUR_AGENCY');

    // The district's officers: their agency no longer exists; they are told who answers now.
    for (const res of [
      await tasks(huyenX).expect(403),
      await http().get(`/tasks/${taskX}`).set(auth(huyenX)).expect(403),
      await http().post(`/tasks/${taskX}/extensions`).set(auth(huyenX)).send({ periodId: '2025-07', requestedDueDate: '2025-08-15', reason: 'Chuyển giao' }).expect(403),
    ]) {
      expect(res.body).toMatchObject({ code: 'AGENCY_CEASED', details: { code: 'UBND_HUYEN_X', successorCode: 'UBND_TINH', effectiveOn: '2025-07-01' } });
    }
    // Nothing recorded was rewritten: the assignment is the same event, byte for byte.
    expect(await assignment()).toEqual(assignedRow);
  });

  it('a list of successions recorded after the day: as of instants in between it was not known yet, after it shows', async () => {
    clock.set('2025-07-10T03:00:00.000Z');
    const res = await http()
      .post('/agencies/successions')
      .set(auth(committee))
      .set('Idempotency-Key', 'reform-batch-1')
      .send({ effectiveOn: '2025-07-01', reason: REFORM, items: [{ code: 'UBND_HUYEN_B', successorCode: 'UBND_XA_MOI' }] })
      .expect(201);
    expect(res.body).toEqual({
      items: [{ code: 'UBND_HUYEN_B', successorCode: 'UBND_XA_MOI', streamId: 'agency-UBND_HUYEN_B', streamVersion: 2, position: res.body.position, duplicate: false }],
      position: expect.any(Number),
    });
    seen(res.body.position);
    const replayed = await http()
      .post('/agencies/successions')
      .set(auth(committee))
      .set('Idempotency-Key', 'reform-batch-1')
      .send({ effectiveOn: '2025-07-01', reason: REFORM, items: [{ code: 'UBND_HUYEN_B', successorCode: 'UBND_XA_MOI' }] })
      .expect(201);
    expect(replayed.body.items[0]).toMatchObject({ duplicate: true, position: res.body.position });
    const ranking = await http().get(`/plans/${planId}/agencies`).query({ minPosition: lastPosition }).set(auth(committee)).expect(200);
    expect(ranking.body.items.map((r: { agency: string }) => r.agency)).toEqual(['SO_Y_TE', 'UBND_TINH', 'UBND_XA_MOI']);

    const dashboard = async (at: string) =>
      (await http().get(`/audit/plans/${planId}/dashboard`).query({ at }).set(auth(auditor)).expect(200)).body as {
        agencies: { agency: string; originalAgencies: string[] }[];
        overdue: { taskId: string; agency: string; shownAgency: string }[];
      };
    const between = await dashboard('2025-07-05T12:00:00+07:00');
    expect(between.agencies.map((r) => [r.agency, r.originalAgencies])).toEqual([
      ['SO_Y_TE', ['SO_Y_TE']],
      ['UBND_HUYEN_B', ['UBND_HUYEN_B']],
      ['UBND_TINH', ['UBND_HUYEN_X']],
    ]);
    const later = await dashboard('2025-07-15T12:00:00+07:00');
    expect(later.agencies.map((r) => r.agency)).toEqual(['SO_Y_TE', 'UBND_TINH', 'UBND_XA_MOI']);
  });

  it('the audit’s replay as of the eve shows the district, exactly as the live figures did then', async () => {
    clock.set('2025-07-20T03:00:00.000Z');
    const progress = await http().get(`/audit/plans/${planId}/progress`).query({ at: EVE }).set(auth(auditor)).expect(200);
    expect(progress.body.asOf).toBe(new Date(EVE).toISOString());
    expect(progress.body.progress).toEqual(liveAtEve.progress);
    expect(progress.body.progress.previousPeriod.byAgency).toContainEqual({ agency: 'UBND_HUYEN_X', originalAgencies: ['UBND_HUYEN_X'], expected: 1, received: 0, late: 0 });

    const dashboard = await http().get(`/audit/plans/${planId}/dashboard`).query({ at: EVE }).set(auth(auditor)).expect(200);
    expect(dashboard.body.agencies).toEqual(liveAtEve.agencies);
    expect(dashboard.body.agencies.map((r: { agency: string }) => r.agency)).toEqual(['SO_Y_TE', 'UBND_HUYEN_B', 'UBND_HUYEN_X']);
    const overdueX = dashboard.body.overdue.filter((o: { taskId: string }) => o.taskId === taskX);
    expect(overdueX.length).toBeGreaterThan(0);
    expect(overdueX.every((o: { agency: string; shownAgency: string }) => o.agency === 'UBND_HUYEN_X' && o.shownAgency === 'UBND_HUYEN_X')).toBe(true);

    // The same instant live, today: the successor.
    const now = await http().get(`/audit/plans/${planId}/dashboard`).set(auth(auditor)).expect(200);
    expect(now.body.agencies.map((r: { agency: string }) => r.agency)).toEqual(['SO_Y_TE', 'UBND_TINH', 'UBND_XA_MOI']);
    expect(await assignment()).toEqual(assignedRow);
  });

  it('two successions recorded at the same moment cannot form a cycle (they take turns): one is refused', async () => {
    for (let round = 0; round < 4; round++) {
      const [a, b] = [`UBND_HUYEN_P${round}`, `UBND_HUYEN_Q${round}`];
      await register(a, `Ủy ban nhân dân huyện P${round}`, 'district');
      await register(b, `Ủy ban nhân dân huyện Q${round}`, 'district');
      const [ab, ba] = await Promise.all([
        http().post(`/agencies/${a}/succession`).set(auth(admin)).send({ successorCode: b, effectiveOn: '2025-07-01', reason: REFORM }),
        http().post(`/agencies/${b}/succession`).set(auth(committee)).send({ successorCode: a, effectiveOn: '2025-07-01', reason: REFORM }),
      ]);
      expect([ab.status, ba.status].sort()).toEqual([201, 422]);
      expect([ab, ba].find((r) => r.status === 422)!.body.code).toBe('SUCCESSION_CYCLE');
      const recorded = await db.pool.query(`SELECT stream_id FROM events WHERE event_type = 'AgencySucceeded' AND stream_id = ANY($1)`, [[`agency-${a}`, `agency-${b}`]]);
      expect(recorded.rowCount).toBe(1);
      seen(Math.max(ab.body.position ?? 0, ba.body.position ?? 0));
    }
  });

  it('documents both routes in OpenAPI', async () => {
    const doc = (await http().get('/docs/openapi.json').expect(200)).body;
    expect(doc.paths['/agencies/{code}/succession'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/RecordAgencySuccessionDto' });
    expect(doc.paths['/agencies/successions'].post.responses['201']).toBeDefined();
    expect(Object.keys(doc.components.schemas.RecordAgencySuccessionDto.properties).sort()).toEqual(['effectiveOn', 'reason', 'successorCode']);
    expect(doc.components.schemas.TaskItemDto.properties.shownAgency).toBeDefined();
  });

  it('a rebuild from position 0 gives the same tables, successions included', async () => {
    const rebuilder = new ProjectionRebuilder(db.pool, new PostgresEventStore(db.pool), new Upcasters());
    await http().get('/tasks').query({ planId, minPosition: lastPosition }).set(auth(committee)).expect(200);
    expect((await db.pool.query("SELECT agency_code, successor_code FROM agency_successions WHERE agency_code NOT LIKE 'UBND_HUYEN_P%' AND agency_code NOT LIKE 'UBND_HUYEN_Q%' ORDER BY 1")).rows).toEqual([
      { agency_code: 'UBND_HUYEN_B', successor_code: 'UBND_XA_MOI' },
      { agency_code: 'UBND_HUYEN_X', successor_code: 'UBND_TINH' },
    ]);
    for (const projection of createTaskingProjections()) {
      await rebuilder.rebuild(projection, { swap: false });
      for (const diff of await diffWithRebuild(db.pool, projection)) {
        expect(diff).toEqual({ table: diff.table, rows: diff.otherRows, otherRows: diff.otherRows, onlyHere: 0, onlyThere: 0 });
        // No day was declared off or working here: the task board's copy of the declarations is empty.
        if (diff.table !== 'task_board_calendar') expect(diff.rows).toBeGreaterThan(0);
      }
      await rebuilder.discard(projection);
    }
  });
});
