import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { PostgresEventStore, Upcasters } from '@dondoc/event-store';
import { DEFAULT_WORKING_HOURS, FollowUpConsumer, FollowUpReader, pendingStages } from '@dondoc/follow-up';
import { Actor, loadAppConfig, ManualClock, TokenService } from '@dondoc/platform';
import { createTaskingProjections, diffWithRebuild, ProjectionEngine, ProjectionRebuilder } from '@dondoc/projections';
import { createTestDatabase, createTestRedis, TestDatabase, TestRedis, waitUntilReadable } from '@dondoc/testing';
import { createApiApp } from '../apps/api/src/bootstrap';

const admin: Actor = { userId: 'u-admin', role: 'admin', agency: null };
const committee: Actor = { userId: 'u-bcd', role: 'committee', agency: null };
const auditor: Actor = { userId: 'u-thanh-tra', role: 'auditor', agency: null };
const soYTe: Actor = { userId: 'u-yte', role: 'agency', agency: 'SO_Y_TE' };

const PLAN_ID = 'plan-lich-2021';

interface ObligationItem {
  taskId: string;
  periodId: string;
  dueDate: string | null;
  dueAt: string;
  originalDueAt: string;
  status: string;
  late: boolean | null;
}

/**
 * Days declared off or working (POST /calendar/days-off, /calendar/working-days) move the open
 * deadlines everywhere at once — the lateness tasking records, the task board and what it
 * feeds (GET /obligations, the dashboard as of a date), the reminders — and never a deadline
 * that had passed when the day was declared. API in process with a ManualClock; the
 * projections and the reminders' consumer are caught up explicitly (no worker, no sleeping).
 */
describe('calendar declarations move open deadlines, in tasking, the read models and the reminders alike', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let api: INestApplication;
  let consumer: FollowUpConsumer;
  const clock = new ManualClock('2021-10-05T02:00:00.000Z');
  const tokens = new Map<Actor, string>();
  let seq = 0;

  const http = () => request(api.getHttpServer());
  const auth = (actor: Actor) => ({ Authorization: `Bearer ${tokens.get(actor)}` });

  /** Every read model and the reminders' consumer, up to everything committed so far. */
  async function catchUp(): Promise<void> {
    await waitUntilReadable(db.pool);
    const engine = api.get(ProjectionEngine);
    for (const name of engine.names) await engine.catchUp(name);
    await consumer.catchUp(() => clock.now().getTime(), async () => undefined);
  }

  async function obligations(): Promise<Map<string, ObligationItem>> {
    const res = await http().get('/obligations').query({ planId: PLAN_ID, pageSize: 200 }).set(auth(committee)).expect(200);
    return new Map((res.body.items as ObligationItem[]).map((o) => [`${o.taskId}/${o.periodId}`, o]));
  }

  const assign = (taskId: string, body: Record<string, unknown>) =>
    http()
      .post(`/plans/${PLAN_ID}/tasks`)
      .set(auth(committee))
      .set('Idempotency-Key', `assign-${taskId}`)
      .send({ taskId, title: `Nhiệm vụ ${taskId}`, ...body })
      .expect(201);

  const submit = (actor: Actor, taskId: string, periodId: string) =>
    http()
      .post(`/tasks/${taskId}/reports`)
      .set(auth(actor))
      .set('Idempotency-Key', `report-${++seq}`)
      .send({ periodId, text: 'Đã kiểm tra 12 cơ sở sản xuất thực phẩm; không phát hiện vi phạm.', progressPercent: 100 })
      .expect(201);

  const declare = (kind: 'days-off' | 'working-days', date: string, reason: string) =>
    http().post(`/calendar/${kind}`).set(auth(admin)).send({ date, reason }).expect(201);

  beforeAll(async () => {
    db = await createTestDatabase('calendar_declarations_e2e');
    redis = await createTestRedis('calendar_declarations_e2e');
    const config = loadAppConfig({ DATABASE_URL: db.url, JWT_SECRET: 'c'.repeat(40), REDIS_PREFIX: redis.prefix, REDIS_URL: redis.url });
    api = await createApiApp({ config, clock }, false);
    await api.init();
    consumer = new FollowUpConsumer(db.pool, new PostgresEventStore(db.pool), new Upcasters(), DEFAULT_WORKING_HOURS, {
      batchSize: 1000,
      horizonMs: 3_600_000,
      lockTimeoutMs: 10_000,
      digestAtMinutes: 990,
    });
    const tokenService = api.get(TokenService);
    for (const actor of [admin, committee, auditor, soYTe]) tokens.set(actor, tokenService.issue(actor));

    for (const [code, nameVi, kind] of [
      ['UBND_TINH', 'Ủy ban nhân dân tỉnh Thái Bình', 'committee'],
      ['SO_KHDT', 'Sở Kế hoạch và Đầu tư', 'department'],
      ['SO_Y_TE', 'Sở Y tế', 'department'],
      ['SO_TC', 'Sở Tài chính', 'department'],
    ]) {
      await http().post('/agencies').set(auth(admin)).send({ code, nameVi, level: 'province', kind, collective: false }).expect(201);
    }
    await http()
      .post('/plans')
      .set(auth(committee))
      .send({
        planId: PLAN_ID,
        number: '118/KH-UBND',
        issuerAgency: 'UBND_TINH',
        issuedOn: '2021-10-01',
        title: 'Kế hoạch kiểm tra an toàn thực phẩm năm 2021-2022',
        period: { start: '2021-10-01', end: '2022-12-31' },
        monitoringAgency: 'SO_KHDT',
        defaultReportingSchedule: null,
      })
      .expect(201);
    // Monthly on the 20th: Wed 20/10/2021, Sat 20/11 (so Mon 22/11), …, Sun 20/02/2022 (so Mon 21/02).
    await assign('t-monthly', { leadAgency: 'SO_TC', reportingSchedule: { kind: 'monthly', day: 20 } });
    await assign('t-done-late', { leadAgency: 'SO_Y_TE', dueDate: '2021-10-27' }); // Wednesday
    await assign('t-undeclared', { leadAgency: 'SO_Y_TE', dueDate: '2021-11-04' }); // Thursday
    await assign('t-declared', { leadAgency: 'SO_Y_TE', dueDate: '2021-11-18' }); // Thursday
    await assign('t-extended', { leadAgency: 'SO_Y_TE', dueDate: '2021-11-08' }); // Monday, extended to Friday 19/11 below
    await assign('t-extended-sat', { leadAgency: 'SO_Y_TE', dueDate: '2021-11-08' }); // extended to Saturday 20/11 below
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  it('without a declaration, a report the day after a Thursday deadline is late', async () => {
    clock.set('2021-10-28T03:00:00.000Z'); // Thursday 28/10, 10:00 in Hà Nội
    expect((await submit(soYTe, 't-done-late', 'due')).body).toMatchObject({ late: true, dueAt: '2021-10-27T17:00:00.000Z' });
    clock.set('2021-11-05T03:00:00.000Z'); // Friday 5/11
    const res = await submit(soYTe, 't-undeclared', 'due');
    expect(res.body).toMatchObject({ streamId: 'task-t-undeclared', late: true, dueAt: '2021-11-04T17:00:00.000Z' });
    const task = await http().get('/tasks/t-undeclared').set(auth(soYTe)).expect(200);
    expect(task.body.reports).toEqual([expect.objectContaining({ periodId: 'due', late: true })]);

    await catchUp();
    const board = await obligations();
    expect(board.get('t-monthly/2021-10')).toMatchObject({ dueAt: '2021-10-20T17:00:00.000Z', status: 'overdue' });
    expect(board.get('t-monthly/2021-11')).toMatchObject({ dueDate: '2021-11-22', dueAt: '2021-11-22T17:00:00.000Z' });
    expect(board.get('t-monthly/2022-02')).toMatchObject({ dueDate: '2022-02-21', dueAt: '2022-02-21T17:00:00.000Z' });
    expect(board.get('t-done-late/due')).toMatchObject({ dueAt: '2021-10-27T17:00:00.000Z', status: 'done_late' });
    expect(board.get('t-declared/due')).toMatchObject({ dueDate: '2021-11-18', dueAt: '2021-11-18T17:00:00.000Z', status: 'not_due' });
  });

  it('an extension granted to Friday 19/11 puts the deadline there; one granted to Saturday 20/11, on Monday 22/11', async () => {
    clock.set('2021-11-05T04:00:00.000Z');
    for (const [taskId, requestedDueDate] of [['t-extended', '2021-11-19'], ['t-extended-sat', '2021-11-20']]) {
      const requested = await http()
        .post(`/tasks/${taskId}/extensions`)
        .set(auth(soYTe))
        .send({ periodId: 'due', requestedDueDate, reason: 'Chờ kết quả xét nghiệm mẫu thực phẩm' })
        .expect(201);
      await http().post(`/tasks/${taskId}/extensions/${requested.body.extensionId}/decision`).set(auth(committee)).send({ decision: 'grant' }).expect(201);
    }
    await catchUp();
    const board = await obligations();
    expect(board.get('t-extended/due')).toMatchObject({ dueDate: '2021-11-19', dueAt: '2021-11-19T17:00:00.000Z', originalDueAt: '2021-11-08T17:00:00.000Z' });
    expect(board.get('t-extended-sat/due')).toMatchObject({ dueDate: '2021-11-22', dueAt: '2021-11-22T17:00:00.000Z' });
  });

  it('declarations move the open deadlines on GET /obligations; deadlines passed before them keep their date and status class', async () => {
    clock.set('2021-11-10T02:00:00.000Z'); // Wednesday 10/11
    // Two days that had already passed: they close nothing new and reopen nothing.
    await declare('days-off', '2021-10-20', 'Khai báo muộn: nghỉ ngày 20/10/2021');
    await declare('days-off', '2021-10-27', 'Khai báo muộn: nghỉ ngày 27/10/2021');
    // Open deadlines: Thursday 18 and Friday 19 off, then Monday 22 off too.
    await declare('days-off', '2021-11-18', 'Nghỉ bù theo Thông báo số 15/TB-UBND');
    await declare('days-off', '2021-11-19', 'Nghỉ bù theo Thông báo số 15/TB-UBND');
    await declare('days-off', '2021-11-22', 'Nghỉ bù theo Thông báo số 16/TB-UBND');
    // A make-up working Sunday brings the February deadline back to it.
    await declare('working-days', '2022-02-20', 'Làm bù cho ngày nghỉ 22/11/2021');
    await catchUp();

    const board = await obligations();
    expect(board.get('t-monthly/2021-10')).toMatchObject({ dueDate: '2021-10-20', dueAt: '2021-10-20T17:00:00.000Z', status: 'overdue' });
    expect(board.get('t-done-late/due')).toMatchObject({ dueAt: '2021-10-27T17:00:00.000Z', status: 'done_late', late: true });
    expect(board.get('t-undeclared/due')).toMatchObject({ dueAt: '2021-11-04T17:00:00.000Z', status: 'done_late' });
    expect(board.get('t-monthly/2021-11')).toMatchObject({ dueDate: '2021-11-23', dueAt: '2021-11-23T17:00:00.000Z', originalDueAt: '2021-11-23T17:00:00.000Z' });
    expect(board.get('t-declared/due')).toMatchObject({ dueDate: '2021-11-23', dueAt: '2021-11-23T17:00:00.000Z', status: 'not_due' });
    expect(board.get('t-monthly/2022-02')).toMatchObject({ dueDate: '2022-02-20', dueAt: '2022-02-20T17:00:00.000Z' });
    // An extension's new date is a deadline like any other: 19/11 off, so Tuesday 23/11; the
    // deadline before the extension stays what it was.
    expect(board.get('t-extended/due')).toMatchObject({ dueDate: '2021-11-23', dueAt: '2021-11-23T17:00:00.000Z', originalDueAt: '2021-11-08T17:00:00.000Z' });
    // Granted to a Saturday, so due Monday 22/11, then 22/11 declared off: Tuesday 23/11.
    expect(board.get('t-extended-sat/due')).toMatchObject({ dueDate: '2021-11-23', dueAt: '2021-11-23T17:00:00.000Z' });
    // Untouched: 20/12/2021 is a Monday nobody declared.
    expect(board.get('t-monthly/2021-12')).toMatchObject({ dueAt: '2021-12-20T17:00:00.000Z' });

    // The task rows follow: the earliest open deadline of t-declared, and its due date.
    const tasks = await http().get('/tasks').query({ planId: PLAN_ID, pageSize: 200 }).set(auth(committee)).expect(200);
    const declared = tasks.body.items.find((t: { taskId: string }) => t.taskId === 't-declared');
    expect(declared).toMatchObject({ nextDeadline: { periodId: 'due', dueAt: '2021-11-23T17:00:00.000Z' } });

    // "Due soon" follows: three working days before Tuesday 23/11 is now Monday 15/11 (18, 19 and 22
    // are off), where it was Wednesday 17/11 for Monday 22/11.
    clock.set('2021-11-16T02:00:00.000Z');
    expect((await obligations()).get('t-monthly/2021-11')).toMatchObject({ status: 'due_soon' });
    clock.set('2021-11-14T16:59:59.000Z');
    expect((await obligations()).get('t-monthly/2021-11')).toMatchObject({ status: 'not_due' });
  });

  it('the reminders and the task board agree on every open deadline after the declarations', async () => {
    clock.set('2021-11-12T02:00:00.000Z');
    // Assigned after the declarations: Monday 22/11 is off, so the deadline is Tuesday 23/11 from the start.
    await assign('t-after', { leadAgency: 'SO_Y_TE', dueDate: '2021-11-22' });
    await catchUp();
    const board = await obligations();
    const { rows } = await db.pool.query<{ task_id: string; period_id: string; due_at: Date }>(
      'SELECT DISTINCT task_id, period_id, due_at FROM pending_reminder_stages',
    );
    const pending = new Map(rows.map((r) => [`${r.task_id}/${r.period_id}`, r.due_at.toISOString()]));
    expect(pending.get('t-monthly/2021-11')).toBe('2021-11-23T17:00:00.000Z');
    expect(pending.get('t-declared/due')).toBe('2021-11-23T17:00:00.000Z');
    expect(pending.get('t-monthly/2022-02')).toBe('2022-02-20T17:00:00.000Z');
    expect(pending.get('t-after/due')).toBe('2021-11-23T17:00:00.000Z');
    expect(rows.length).toBe(pending.size); // one deadline per obligation
    for (const [key, dueAt] of pending) expect([key, board.get(key)?.dueAt]).toEqual([key, dueAt]);

    // The stage job decides on what it reads from the event store: the same deadlines.
    const reader = api.get(FollowUpReader, { strict: false });
    for (const taskId of ['t-monthly', 't-declared', 't-after']) {
      const reading = await reader.stageReading(taskId, { planId: PLAN_ID }, clock.now().toISOString());
      const stages = pendingStages({ ...reading!.truth, sent: new Set() });
      expect(stages.length).toBeGreaterThan(0);
      for (const stage of stages) expect([stage.periodId, board.get(`${taskId}/${stage.periodId}`)?.dueAt]).toEqual([stage.periodId, stage.dueAt]);
    }
  });

  it("a report after an extension's date, declared off before it passed, is on time by the moved deadline", async () => {
    clock.set('2021-11-23T03:00:00.000Z'); // Tuesday 23/11, 10:00: after Friday 19/11, the date granted
    const res = await submit(soYTe, 't-extended', 'due');
    expect(res.body).toMatchObject({ late: false, dueAt: '2021-11-23T17:00:00.000Z' });
    await catchUp();
    expect((await obligations()).get('t-extended/due')).toMatchObject({ status: 'done_on_time', late: false });
  });

  it('a report submitted on a day declared off before the deadline passed is on time', async () => {
    clock.set('2021-11-19T03:00:00.000Z'); // Friday 19/11, declared off; the deadline is now Tuesday 23/11
    const res = await submit(soYTe, 't-declared', 'due');
    expect(res.body).toMatchObject({ streamId: 'task-t-declared', late: false, dueAt: '2021-11-23T17:00:00.000Z' });
    const task = await http().get('/tasks/t-declared').set(auth(soYTe)).expect(200);
    expect(task.body.reports).toEqual([expect.objectContaining({ periodId: 'due', late: false, dueAt: '2021-11-23T17:00:00.000Z' })]);
    await catchUp();
    expect((await obligations()).get('t-declared/due')).toMatchObject({ status: 'done_on_time', late: false });
  });

  it('a task assigned after a declaration has the amended deadline on the board, and tasking judges by the same one', async () => {
    expect((await obligations()).get('t-after/due')).toMatchObject({ dueDate: '2021-11-23', dueAt: '2021-11-23T17:00:00.000Z' });
    clock.set('2021-11-23T09:00:00.000Z'); // Tuesday 16:00
    expect((await submit(soYTe, 't-after', 'due')).body).toMatchObject({ late: false, dueAt: '2021-11-23T17:00:00.000Z' });
    await catchUp();
    expect((await obligations()).get('t-after/due')).toMatchObject({ status: 'done_on_time' });
  });

  it('a declaration after a deadline passed leaves it, its status class and the reminders as they were', async () => {
    // Tuesday 23/11 has passed and t-monthly's November report never came: declaring the 23rd off now changes nothing of it.
    clock.set('2021-11-24T02:00:00.000Z');
    await declare('days-off', '2021-11-23', 'Khai báo muộn: nghỉ ngày 23/11/2021');
    await catchUp();
    expect((await obligations()).get('t-monthly/2021-11')).toMatchObject({ dueAt: '2021-11-23T17:00:00.000Z', status: 'overdue' });
    const { rows } = await db.pool.query<{ due_at: Date }>(`SELECT DISTINCT due_at FROM pending_reminder_stages WHERE task_id = 't-monthly' AND period_id = '2021-11'`);
    expect(rows.map((r) => r.due_at.toISOString())).toEqual(['2021-11-23T17:00:00.000Z']);
    // And a report for it now is late, as it was before the declaration.
    const sotc: Actor = { userId: 'u-tc', role: 'agency', agency: 'SO_TC' };
    tokens.set(sotc, api.get(TokenService).issue(sotc));
    expect((await submit(sotc, 't-monthly', '2021-11')).body).toMatchObject({ late: true, dueAt: '2021-11-23T17:00:00.000Z' });
  });

  it('the dashboard as of a date replays the declarations with the plan: the deadlines the live board showed then', async () => {
    clock.set('2021-11-25T02:00:00.000Z');
    await catchUp();
    const overdueAt = async (at: string) => {
      const replay = await http().get(`/audit/plans/${PLAN_ID}/dashboard`).query({ at }).set(auth(auditor)).expect(200);
      return new Map((replay.body.overdue as ObligationItem[]).map((o) => [`${o.taskId}/${o.periodId}`, o.dueAt]));
    };
    // Friday 19/11, 09:00, before t-declared's report: its deadline of Thursday 18/11 had moved to the 23rd.
    expect(await overdueAt('2021-11-19T02:00:00.000Z')).toEqual(new Map([['t-monthly/2021-10', '2021-10-20T17:00:00.000Z']]));
    // Wednesday 24/11: November's report (moved to the 23rd) is overdue, and so is the task extended
    // to Saturday 20/11 (so Monday 22/11, declared off: the 23rd); the day declared off on the 24th moved nothing.
    expect(await overdueAt('2021-11-24T01:00:00.000Z')).toEqual(
      new Map([
        ['t-extended-sat/due', '2021-11-23T17:00:00.000Z'],
        ['t-monthly/2021-10', '2021-10-20T17:00:00.000Z'],
        ['t-monthly/2021-11', '2021-11-23T17:00:00.000Z'],
      ]),
    );
  });

  it('rebuilt from position 0, every read model equals the live one, row for row', async () => {
    await catchUp();
    const rebuilder = api.get(ProjectionRebuilder);
    for (const projection of createTaskingProjections()) {
      await rebuilder.rebuild(projection, { swap: false });
      for (const diff of await diffWithRebuild(db.pool, projection)) {
        expect(diff).toEqual({ table: diff.table, rows: diff.otherRows, otherRows: diff.otherRows, onlyHere: 0, onlyThere: 0 });
      }
      await rebuilder.discard(projection);
    }
    // In small batches, writing and dropping its cache after each (so that a declaration finds the
    // deadlines it moves in the fresh tables, through the index): the same rows again.
    const [board] = createTaskingProjections();
    await rebuilder.rebuild(board, { swap: false, batchSize: 3, cacheRows: 1 });
    for (const diff of await diffWithRebuild(db.pool, board)) expect(diff).toMatchObject({ onlyHere: 0, onlyThere: 0 });
    await rebuilder.discard(board);
  });
});
