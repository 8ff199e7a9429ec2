import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Actor, loadAppConfig, ManualClock, SYSTEM_ACTOR, TokenService } from '@dondoc/platform';
import { createTestDatabase, createTestRedis, TestDatabase, TestRedis } from '@dondoc/testing';
import { CommandBus } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore } from '@dondoc/event-store';
import { AssignTaskCommand, ImportPlanResult, PlanImporter, RequestExtensionCommand, taskIdFor } from '@dondoc/tasking';
import { createApiApp } from '../apps/api/src/bootstrap';

const PLAN_118 = join(__dirname, '../fixtures/plan-118-thai-binh-2019.json');

const committee: Actor = { userId: 'u-bcd', role: 'committee', agency: null };
const soYTe: Actor = { userId: 'u-so-y-te', role: 'agency', agency: 'SO_Y_TE' };
const soGtvt: Actor = { userId: 'u-so-gtvt', role: 'agency', agency: 'SO_GTVT' };
const auditor: Actor = { userId: 'u-thanh-tra', role: 'auditor', agency: null };
/** An officer of Công an tỉnh, which coordinates (phối hợp) the tasks assignBody() makes. */
const caTinh: Actor = { userId: 'u-ca-tinh', role: 'agency', agency: 'CA_TINH' };

describe('tasking over HTTP', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let app: INestApplication;
  let imported: ImportPlanResult;
  const clock = new ManualClock('2019-11-21T01:00:00.000Z');
  const tokens = new Map<Actor, string>();
  let seq = 0;

  const http = () => request(app.getHttpServer());
  const auth = (actor: Actor) => ({ Authorization: `Bearer ${tokens.get(actor)}` });
  const eventCount = async () => Number((await db.pool.query('SELECT count(*) AS n FROM events')).rows[0].n);
  const key = () => `e2e-${++seq}-${Date.now()}`;
  const randomSuffix = () => `${++seq}-${Date.now()}`;

  const assignBody = (extra: Record<string, unknown> = {}) => ({
    title: 'Kiểm tra an toàn thực phẩm dịp Tết',
    text: 'Chủ trì, phối hợp với Công an tỉnh kiểm tra an toàn vệ sinh thực phẩm.',
    leadAgency: 'SO_Y_TE',
    coordinatingAgencies: ['CA_TINH'],
    reportingSchedule: { kind: 'monthly', day: 20 },
    ...extra,
  });
  const reportBody = (extra: Record<string, unknown> = {}) => ({
    periodId: '2019-12',
    text: 'Đã kiểm tra 120 cơ sở, xử lý 4 vi phạm.',
    progressPercent: 50,
    ...extra,
  });
  /** Assigns a fresh task in plan 118 and returns its id. */
  const newTask = async (extra: Record<string, unknown> = {}) => {
    const res = await http().post(`/plans/${imported.planId}/tasks`).set(auth(committee)).send(assignBody(extra)).expect(201);
    return res.body.taskId as string;
  };

  beforeAll(async () => {
    db = await createTestDatabase('tasking_e2e');
    redis = await createTestRedis('tasking_e2e');
    const config = loadAppConfig({ DATABASE_URL: db.url, JWT_SECRET: 'x'.repeat(40), REDIS_PREFIX: redis.prefix });
    app = await createApiApp({ config, clock }, false);
    await app.init();
    const tokenService = app.get(TokenService);
    for (const actor of [committee, soYTe, soGtvt, auditor, caTinh]) tokens.set(actor, tokenService.issue(actor));
    imported = await app.get(PlanImporter).importFiles(PLAN_118);
  });

  afterAll(async () => {
    await app?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  beforeEach(() => clock.set('2019-11-21T01:00:00.000Z'));

  it('imports the demo plan 118: its 31 tasks can be read over HTTP', async () => {
    expect(imported.taskIds).toHaveLength(31);
    expect(imported.appended).toBe(await eventCount());
    const res = await http().get(`/tasks/${taskIdFor('plan-118-thai-binh-2019', '118-III-9')}`).set(auth(committee)).expect(200);
    expect(res.body).toMatchObject({
      status: 'active',
      version: 1,
      leadAgency: 'SO_Y_TE',
      planId: imported.planId,
      reportingSchedule: { kind: 'monthly', day: 20, relation: 'on' },
      sourceRef: '118-III-9',
    });
  });

  it('assigns a task with a monthly schedule, takes a report, reviews it, and shows the task and its stream', async () => {
    const idempotencyKey = key();
    const assigned = await http()
      .post(`/plans/${imported.planId}/tasks`)
      .set(auth(committee))
      .set('Idempotency-Key', idempotencyKey)
      .send(assignBody())
      .expect(201);
    const taskId = assigned.body.taskId;
    expect(assigned.body).toEqual({
      streamId: `task-${taskId}`,
      streamVersion: 1,
      position: expect.any(Number),
      duplicate: false,
      taskId,
    });

    // The same Idempotency-Key again: the first result, nothing appended.
    const before = await eventCount();
    const replay = await http()
      .post(`/plans/${imported.planId}/tasks`)
      .set(auth(committee))
      .set('Idempotency-Key', idempotencyKey)
      .send(assignBody())
      .expect(201);
    expect(replay.body).toEqual({ ...assigned.body, duplicate: true });
    expect(await eventCount()).toBe(before);

    clock.set('2019-12-18T03:00:00.000Z');
    const submitted = await http()
      .post(`/tasks/${taskId}/reports`)
      .set(auth(soYTe))
      .set('If-Match', '"1"')
      .send(reportBody({ indicatorValues: [{ indicatorId: 'SO_CO_SO_KIEM_TRA', value: 120 }] }))
      .expect(201);
    expect(submitted.body).toMatchObject({ streamId: `task-${taskId}`, streamVersion: 2, duplicate: false });
    const reportId = submitted.body.reportId;

    // A stale If-Match is a conflict and writes nothing.
    const stale = await http().post(`/tasks/${taskId}/reports`).set(auth(soYTe)).set('If-Match', '1').send(reportBody({ periodId: '2020-01' }));
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'WRONG_EXPECTED_VERSION' });

    clock.set('2019-12-19T02:00:00.000Z');
    await http()
      .post(`/tasks/${taskId}/reports/${reportId}/review`)
      .set(auth(committee))
      .set('If-Match', '2')
      .send({ decision: 'accept' })
      .expect(201)
      .expect((res) => expect(res.body).toMatchObject({ streamVersion: 3 }));

    const task = await http().get(`/tasks/${taskId}`).set(auth(committee)).expect(200);
    expect(task.body).toMatchObject({
      streamId: `task-${taskId}`,
      version: 3,
      status: 'active',
      leadAgency: 'SO_Y_TE',
      coordinatingAgencies: ['CA_TINH'],
      reportingSchedule: { kind: 'monthly', day: 20, relation: 'on' },
      reports: [
        {
          reportId,
          periodId: '2019-12',
          status: 'accepted',
          late: false,
          dueAt: '2019-12-20T17:00:00.000Z',
          indicatorValues: [{ indicatorId: 'SO_CO_SO_KIEM_TRA', value: 120, note: null }],
        },
      ],
    });

    const stream = await http().get(`/streams/task-${taskId}/events`).set(auth(committee)).expect(200);
    expect(stream.body.events.map((e: { type: string }) => e.type)).toEqual(['TaskAssigned', 'ReportSubmitted', 'ReportAccepted']);
    expect(stream.body.events[1]).toMatchObject({
      streamVersion: 2,
      schemaVersion: 1,
      data: { taskId, reportId, late: false },
      metadata: { actor: 'u-so-y-te', role: 'agency', agency: 'SO_Y_TE', occurredAt: '2019-12-18T03:00:00.000Z' },
    });
    // The command id is the key in the caller's own namespace (docs/api.md, "Idempotency-Key").
    expect(stream.body.events[0].metadata).toMatchObject({ actor: 'u-bcd', role: 'committee', commandId: `http:u-bcd:${idempotencyKey}` });
  });

  it('keeps tabs and line breaks in texts (only other control characters are refused)', async () => {
    const taskId = await newTask({ text: 'Dòng 1\r\nDòng 2\tcột' });
    const task = await http().get(`/tasks/${taskId}`).set(auth(committee)).expect(200);
    expect(task.body.text).toBe('Dòng 1\r\nDòng 2\tcột');
  });

  it('records a report after the deadline as late (the clock moved past the 20th)', async () => {
    const taskId = await newTask();
    clock.set('2020-01-21T02:00:00+07:00');
    await http().post(`/tasks/${taskId}/reports`).set(auth(soYTe)).send(reportBody({ periodId: '2020-01' })).expect(201);
    const task = await http().get(`/tasks/${taskId}`).set(auth(soYTe)).expect(200);
    expect(task.body.reports[0]).toMatchObject({ periodId: '2020-01', late: true, dueAt: '2020-01-20T17:00:00.000Z' });
    expect(task.body.reports[0].submittedAt).toBe('2020-01-20T19:00:00.000Z');
  });

  it('extends a deadline, so that a report after the original one is on time', async () => {
    const taskId = await newTask();
    clock.set('2019-12-16T02:00:00.000Z');
    const requested = await http()
      .post(`/tasks/${taskId}/extensions`)
      .set(auth(soYTe))
      .send({ periodId: '2019-12', requestedDueDate: '2019-12-27', reason: 'Chờ số liệu của các huyện' })
      .expect(201);
    const { extensionId } = requested.body;
    await http().post(`/tasks/${taskId}/extensions/${extensionId}/decision`).set(auth(soYTe)).send({ decision: 'grant' }).expect(403);
    await http().post(`/tasks/${taskId}/extensions/${extensionId}/decision`).set(auth(committee)).send({ decision: 'grant' }).expect(201);
    clock.set('2019-12-24T02:00:00.000Z');
    await http().post(`/tasks/${taskId}/reports`).set(auth(soYTe)).send(reportBody()).expect(201);
    const task = await http().get(`/tasks/${taskId}`).set(auth(committee)).expect(200);
    expect(task.body.extensions[0]).toMatchObject({ extensionId, status: 'granted', newDueAt: '2019-12-27T17:00:00.000Z' });
    expect(task.body.reports[0]).toMatchObject({ late: false, dueAt: '2019-12-27T17:00:00.000Z', extensionId });
  });

  it('reassigns, returns a report, completes and cancels', async () => {
    const taskId = await newTask();
    await http().post(`/tasks/${taskId}/reassign`).set(auth(committee)).send({ newLeadAgency: 'SO_GTVT', reason: 'Đúng chức năng' }).expect(201);
    const res = await http().post(`/tasks/${taskId}/reports`).set(auth(soGtvt)).send(reportBody()).expect(201);
    await http().post(`/tasks/${taskId}/complete`).set(auth(committee)).send({}).expect(409);
    await http()
      .post(`/tasks/${taskId}/reports/${res.body.reportId}/review`)
      .set(auth(committee))
      .send({ decision: 'return', reason: 'Thiếu số liệu' })
      .expect(201);
    await http().post(`/tasks/${taskId}/complete`).set(auth(committee)).send({ note: 'Đạt yêu cầu' }).expect(201);
    const done = await http().get(`/tasks/${taskId}`).set(auth(committee)).expect(200);
    expect(done.body).toMatchObject({ status: 'completed', leadAgency: 'SO_GTVT', completionNote: 'Đạt yêu cầu', version: 5 });

    const other = await newTask();
    await http().post(`/tasks/${other}/cancel`).set(auth(committee)).send({ reason: 'Trùng với nhiệm vụ 118-III-9' }).expect(201);
    const refused = await http().post(`/tasks/${other}/reports`).set(auth(soYTe)).send(reportBody()).expect(409);
    expect(refused.body).toEqual({ statusCode: 409, code: 'TASK_CANCELLED', message: 'Nhiệm vụ đã bị hủy, không thể nộp báo cáo' });
  });

  it("shows a coordinating agency the accepted reports only: never the lead agency's drafts, returned reports or extension requests", async () => {
    const taskId = await newTask();
    clock.set('2019-12-18T03:00:00.000Z');
    const accepted = await http().post(`/tasks/${taskId}/reports`).set(auth(soYTe)).send(reportBody({ text: 'Báo cáo đã duyệt' })).expect(201);
    await http().post(`/tasks/${taskId}/reports/${accepted.body.reportId}/review`).set(auth(committee)).send({ decision: 'accept' }).expect(201);
    clock.set('2020-01-15T03:00:00.000Z');
    const returned = await http().post(`/tasks/${taskId}/reports`).set(auth(soYTe)).send(reportBody({ periodId: '2020-01', text: 'Bản nháp bị trả lại' })).expect(201);
    await http()
      .post(`/tasks/${taskId}/reports/${returned.body.reportId}/review`)
      .set(auth(committee))
      .send({ decision: 'return', reason: 'Lý do trả lại nội bộ' })
      .expect(201);
    await http().post(`/tasks/${taskId}/reports`).set(auth(soYTe)).send(reportBody({ periodId: '2020-01', text: 'Bản chờ duyệt' })).expect(201);
    await http()
      .post(`/tasks/${taskId}/extensions`)
      .set(auth(soYTe))
      .send({ periodId: '2020-02', requestedDueDate: '2020-02-28', reason: 'Đề nghị gia hạn nội bộ' })
      .expect(201);

    const coordinating = await http().get(`/tasks/${taskId}`).set(auth(caTinh)).expect(200);
    expect(coordinating.body).toMatchObject({ visibility: 'coordinating', leadAgency: 'SO_Y_TE', coordinatingAgencies: ['CA_TINH'] });
    expect(coordinating.body.reports).toEqual([expect.objectContaining({ reportId: accepted.body.reportId, status: 'accepted', text: 'Báo cáo đã duyệt' })]);
    expect(coordinating.body.extensions).toEqual([]);
    const seen = JSON.stringify(coordinating.body);
    for (const draft of ['Bản nháp bị trả lại', 'Lý do trả lại nội bộ', 'Bản chờ duyệt', 'Đề nghị gia hạn nội bộ']) expect(seen).not.toContain(draft);

    // The lead agency, the committee and the auditor see everything.
    for (const reader of [soYTe, committee, auditor]) {
      const full = await http().get(`/tasks/${taskId}`).set(auth(reader)).expect(200);
      expect(full.body.visibility).toBe('full');
      expect(full.body.reports.map((r: { status: string }) => r.status)).toEqual(['accepted', 'returned', 'submitted']);
      expect(full.body.reports[1].returnReason).toBe('Lý do trả lại nội bộ');
      expect(full.body.extensions).toEqual([expect.objectContaining({ status: 'requested', reason: 'Đề nghị gia hạn nội bộ' })]);
    }
  });

  describe('Idempotency-Key: one namespace per user, one stream per key', () => {
    const commandIds = async (key: string) =>
      (await db.pool.query<{ command_id: string }>('SELECT command_id FROM command_log WHERE command_id LIKE $1 ORDER BY 1', [`%${key}`])).rows.map(
        (r) => r.command_id,
      );

    it("another user's key replays nothing: a forbidden request is a 403, a permitted one is carried out", async () => {
      const shared = key();
      const assigned = await http().post(`/plans/${imported.planId}/tasks`).set(auth(committee)).set('Idempotency-Key', shared).send(assignBody()).expect(201);
      const taskId = assigned.body.taskId;
      const before = await eventCount();
      // An officer of another agency with the committee's key on that very task: refused, not "duplicate".
      const forbidden = await http().post(`/tasks/${taskId}/reports`).set(auth(soGtvt)).set('Idempotency-Key', shared).send(reportBody());
      expect({ status: forbidden.status, code: forbidden.body.code }).toEqual({ status: 403, code: 'NOT_YOUR_AGENCY' });
      expect(forbidden.body).not.toHaveProperty('duplicate');
      expect(await eventCount()).toBe(before);
      // The lead agency's officer happens to send the same key: their report is recorded, not swallowed.
      const report = await http().post(`/tasks/${taskId}/reports`).set(auth(soYTe)).set('Idempotency-Key', shared).send(reportBody()).expect(201);
      expect(report.body).toMatchObject({ streamId: `task-${taskId}`, streamVersion: 2, duplicate: false });
      expect(await eventCount()).toBe(before + 1);
      expect(await commandIds(shared)).toEqual([`http:u-bcd:${shared}`, `http:u-so-y-te:${shared}`]);
    });

    it('the same key on another stream is a 422 IDEMPOTENCY_KEY_REUSED and writes nothing; on its own stream it replays', async () => {
      const [first, second] = [await newTask(), await newTask()];
      const reused = key();
      const done = await http().post(`/tasks/${first}/reports`).set(auth(soYTe)).set('Idempotency-Key', reused).send(reportBody()).expect(201);
      const before = await eventCount();
      const refused = await http().post(`/tasks/${second}/reports`).set(auth(soYTe)).set('Idempotency-Key', reused).send(reportBody());
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
      expect(refused.body.message).toMatch(/Idempotency-Key này đã được dùng/);
      expect(refused.body.details).toEqual({ streamId: `task-${second}` });
      expect(await eventCount()).toBe(before);
      const replay = await http().post(`/tasks/${first}/reports`).set(auth(soYTe)).set('Idempotency-Key', reused).send(reportBody()).expect(201);
      expect(replay.body).toEqual({ ...done.body, duplicate: true });
      expect(await eventCount()).toBe(before);
    });

    it('a key cannot claim a command id the system derives for itself (imports, reminders)', async () => {
      const systemId = `reminder/${randomSuffix()}/stage-due`;
      const taskId = await newTask();
      await http().post(`/tasks/${taskId}/reports`).set(auth(soYTe)).set('Idempotency-Key', systemId).send(reportBody()).expect(201);
      expect(await app.get<EventStore>(EVENT_STORE).findCommand(systemId)).toBeNull();
      // The system's own command with that id is carried out, not answered with the officer's report.
      const systemTask = `system-${randomSuffix()}`;
      const result = await app.get(CommandBus).execute(
        new AssignTaskCommand(
          imported.planId,
          { ...assignBody(), taskId: systemTask, text: 'Nhiệm vụ do hệ thống ghi', partners: [], dueDate: null, sourceRef: null, reportingSchedule: { kind: 'monthly', day: 20, relation: 'on' } },
          { actor: SYSTEM_ACTOR, commandId: systemId, now: clock.now() },
        ),
      );
      expect(result).toMatchObject({ streamId: `task-${systemTask}`, duplicate: false, eventCount: 1 });
    });

    it('records X-Correlation-Id as the correlation id of the events', async () => {
      const res = await http()
        .post(`/plans/${imported.planId}/tasks`)
        .set(auth(committee))
        .set('X-Correlation-Id', 'hop-giao-ban-2019-11')
        .send(assignBody())
        .expect(201);
      const { rows } = await db.pool.query('SELECT metadata FROM events WHERE global_position = $1', [res.body.position]);
      expect(rows[0].metadata).toMatchObject({ correlationId: 'hop-giao-ban-2019-11', actor: 'u-bcd' });
    });
  });

  describe('refusals: a clear 4xx and not one event written', () => {
    let taskId: string;
    beforeAll(async () => {
      taskId = await newTask();
    });

    const cases: Array<{
      name: string;
      send: () => request.Test;
      status: number;
      code: string;
      fields?: string[];
      message?: RegExp;
    }> = [
      {
        name: 'missing fields',
        send: () => http().post(`/plans/${imported.planId}/tasks`).set(auth(committee)).send({}),
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['title', 'leadAgency'],
      },
      {
        name: 'wrong types',
        send: () =>
          http()
            .post(`/plans/${imported.planId}/tasks`)
            .set(auth(committee))
            .send({ title: 5, leadAgency: 42, coordinatingAgencies: 'CA_TINH', dueDate: 20200115, reportingSchedule: { kind: 'monthly', day: '20' } }),
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['title', 'leadAgency', 'coordinatingAgencies', 'dueDate', 'reportingSchedule.day'],
      },
      {
        name: 'unknown fields',
        send: () => http().post(`/plans/${imported.planId}/tasks`).set(auth(committee)).send(assignBody({ priority: 'cao', actor: 'admin' })),
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['priority', 'actor'],
      },
      {
        name: 'an unknown schedule kind and an impossible date',
        send: () =>
          http()
            .post(`/plans/${imported.planId}/tasks`)
            .set(auth(committee))
            .send(assignBody({ reportingSchedule: { kind: 'weekly' }, dueDate: '2020-02-30' })),
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['reportingSchedule.kind', 'dueDate'],
      },
      {
        name: 'a bad nested value',
        send: () =>
          http()
            .post(`/tasks/${taskId}/reports`)
            .set(auth(soYTe))
            .send(reportBody({ progressPercent: 150, indicatorValues: [{ indicatorId: 'A', value: 'nhiều' }] })),
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['progressPercent', 'indicatorValues[0].value'],
      },
      {
        name: 'an unknown agency',
        send: () => http().post(`/plans/${imported.planId}/tasks`).set(auth(committee)).send(assignBody({ coordinatingAgencies: ['SO_KHONG_CO'] })),
        status: 422,
        code: 'AGENCY_NOT_FOUND',
        message: /SO_KHONG_CO/,
      },
      {
        name: 'an unknown plan',
        send: () => http().post('/plans/khong-co/tasks').set(auth(committee)).send(assignBody()),
        status: 404,
        code: 'PLAN_NOT_FOUND',
      },
      {
        name: 'an unknown task',
        send: () => http().post('/tasks/khong-co/reports').set(auth(soYTe)).send(reportBody()),
        status: 404,
        code: 'TASK_NOT_FOUND',
      },
      {
        name: 'a period the plan does not have',
        send: () => http().post(`/tasks/${taskId}/reports`).set(auth(soYTe)).send(reportBody({ periodId: '2021-01' })),
        status: 422,
        code: 'PERIOD_NOT_IN_OBLIGATION',
      },
      {
        name: 'a 1 MB string',
        send: () => http().post(`/plans/${imported.planId}/tasks`).set(auth(committee)).send(assignBody({ text: 'x'.repeat(1024 * 1024) })),
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
      },
      {
        name: 'a text over 20,000 characters',
        send: () => http().post(`/tasks/${taskId}/reports`).set(auth(soYTe)).send(reportBody({ text: 'x'.repeat(100_000) })),
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['text'],
      },
      {
        name: 'a NUL in a text and a control character in a nested note, beside an out-of-range number',
        send: () =>
          http()
            .post(`/tasks/${taskId}/reports`)
            .set(auth(soYTe))
            .send(reportBody({ text: 'Đã kiểm tra\u0000120 cơ sở', progressPercent: 150, indicatorValues: [{ indicatorId: 'A', value: 1, note: 'a\u0007b' }] })),
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['text', 'indicatorValues[0].note', 'progressPercent'],
      },
      {
        name: 'a lone UTF-16 surrogate in a title',
        send: () =>
          http()
            .post(`/plans/${imported.planId}/tasks`)
            .set(auth(committee))
            .set('Content-Type', 'application/json')
            .send('{"title": "Nhi\\ud800m v\u1ee5", "leadAgency": "SO_Y_TE", "dueDate": "2020-06-30"}'),
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['title'],
      },
      {
        name: 'dates outside the years 1900–2100 (the calendar computes deadlines for 1801–2198 only)',
        send: () =>
          http()
            .post(`/plans/${imported.planId}/tasks`)
            .set(auth(committee))
            .send(assignBody({ dueDate: '2999-12-31', reportingSchedule: { kind: 'once', date: '1800-01-01' } })),
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['dueDate', 'reportingSchedule.date'],
        message: /dueDate/,
      },
      {
        name: 'an extension to the year 9999',
        send: () =>
          http().post(`/tasks/${taskId}/extensions`).set(auth(soYTe)).send({ periodId: '2019-12', requestedDueDate: '9999-12-31', reason: 'Chờ số liệu' }),
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['requestedDueDate'],
      },
      {
        name: 'a malformed JSON body',
        send: () =>
          http().post(`/plans/${imported.planId}/tasks`).set(auth(committee)).set('Content-Type', 'application/json').send('{"title": "Nhiệm vụ", '),
        status: 400,
        code: 'MALFORMED_JSON',
      },
      {
        name: 'a return without a reason',
        send: () => http().post(`/tasks/${taskId}/reports/r-1/review`).set(auth(committee)).send({ decision: 'return' }),
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['reason'],
      },
      {
        name: 'a malformed If-Match',
        send: () => http().post(`/tasks/${taskId}/cancel`).set(auth(committee)).set('If-Match', 'v1').send({ reason: 'x' }),
        status: 400,
        code: 'IF_MATCH_INVALID',
      },
      {
        name: 'an Idempotency-Key with a space',
        send: () => http().post(`/tasks/${taskId}/cancel`).set(auth(committee)).set('Idempotency-Key', 'khoa co dau cach').send({ reason: 'x' }),
        status: 400,
        code: 'IDEMPOTENCY_KEY_INVALID',
      },
      {
        name: 'a malformed X-Correlation-Id',
        send: () => http().post(`/tasks/${taskId}/cancel`).set(auth(committee)).set('X-Correlation-Id', 'a b').send({ reason: 'x' }),
        status: 400,
        code: 'CORRELATION_ID_INVALID',
      },
      {
        name: 'a malformed task id',
        send: () => http().post('/tasks/..%2F..%2Fetc/cancel').set(auth(committee)).send({ reason: 'x' }),
        status: 400,
        code: 'ID_INVALID',
      },
      {
        name: 'no token',
        send: () => http().post(`/tasks/${taskId}/reports`).send(reportBody()),
        status: 401,
        code: 'TOKEN_MISSING',
      },
      {
        name: "an agency officer reporting on another agency's task",
        send: () => http().post(`/tasks/${taskId}/reports`).set(auth(soGtvt)).send(reportBody()),
        status: 403,
        code: 'NOT_YOUR_AGENCY',
      },
      {
        name: "an agency officer asking an extension on another agency's task",
        send: () =>
          http().post(`/tasks/${taskId}/extensions`).set(auth(soGtvt)).send({ periodId: '2019-12', requestedDueDate: '2019-12-27', reason: 'x' }),
        status: 403,
        code: 'NOT_YOUR_AGENCY',
      },
      {
        name: 'an auditor writing',
        send: () => http().post(`/tasks/${taskId}/cancel`).set(auth(auditor)).send({ reason: 'x' }),
        status: 403,
        code: 'ROLE_NOT_ALLOWED',
      },
      {
        name: 'an agency officer assigning',
        send: () => http().post(`/plans/${imported.planId}/tasks`).set(auth(soYTe)).send(assignBody()),
        status: 403,
        code: 'ROLE_NOT_ALLOWED',
      },
    ];

    for (const c of cases) {
      it(`${c.name}: ${c.status} ${c.code}`, async () => {
        const before = await eventCount();
        const res = await c.send();
        expect({ status: res.status, code: res.body.code }).toEqual({ status: c.status, code: c.code });
        expect(typeof res.body.message).toBe('string');
        expect(res.body.message.length).toBeGreaterThan(10);
        if (c.message) expect(res.body.message).toMatch(c.message);
        for (const field of c.fields ?? []) {
          expect(res.body.details.fields.map((f: { field: string }) => f.field)).toContain(field);
          expect(res.body.message).toContain(field);
        }
        expect(await eventCount()).toBe(before);
      });
    }

    it('the domain refuses the same out-of-range dates when no DTO is in the way (400 DATE_INVALID)', async () => {
      const commands = app.get(CommandBus);
      const before = await eventCount();
      const context = (actor: Actor) => ({ actor, now: clock.now() });
      await expect(
        commands.execute(
          new RequestExtensionCommand(taskId, { extensionId: 'ext-9999', periodId: '2019-12', requestedDueDate: '9999-12-31', reason: 'x' }, context(soYTe)),
        ),
      ).rejects.toMatchObject({ code: 'DATE_INVALID', kind: 'invalid', message: expect.stringMatching(/1900 đến 2100/) });
      await expect(
        commands.execute(
          new AssignTaskCommand(
            imported.planId,
            { ...assignBody(), taskId: 't-2999', partners: [], dueDate: '2101-01-01', reportingSchedule: null, sourceRef: null },
            context(committee),
          ),
        ),
      ).rejects.toMatchObject({ code: 'DATE_INVALID', details: { field: 'dueDate' } });
      expect(await eventCount()).toBe(before);
      // The bounds themselves are accepted.
      await http().post(`/plans/${imported.planId}/tasks`).set(auth(committee)).send(assignBody({ dueDate: '2100-12-31', reportingSchedule: undefined })).expect(201);
    });

    it("hides another agency's task from its officers but not from the auditor", async () => {
      await http().get(`/tasks/${taskId}`).set(auth(soGtvt)).expect(403);
      await http().get(`/tasks/${taskId}`).set(auth(auditor)).expect(200);
    });
  });
});
