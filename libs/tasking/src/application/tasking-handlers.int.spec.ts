import { Test, TestingModule } from '@nestjs/testing';
import { CommandBus, CqrsModule, QueryBus } from '@nestjs/cqrs';
import { CommandContext, EVENT_STORE, EventStore, EventStoreModule } from '@dondoc/event-store';
import { Actor, loadAppConfig, ManualClock, PlatformModule } from '@dondoc/platform';
import { createTestDatabase, TestDatabase } from '@dondoc/testing';
import { TaskingModule } from '../tasking.module';
import { RegisterAgencyCommand, RegisterAgencyInput } from './register-agency/register-agency.command';
import { IssuePlanCommand, IssuePlanInput } from './issue-plan/issue-plan.command';
import { AssignTaskCommand, AssignTaskInput } from './assign-task/assign-task.command';
import { SubmitReportCommand, SubmitReportInput } from './submit-report/submit-report.command';
import { ReviewReportCommand } from './review-report/review-report.command';
import { RequestExtensionCommand } from './request-extension/request-extension.command';
import { DecideExtensionCommand } from './decide-extension/decide-extension.command';
import { ReassignTaskCommand } from './reassign-task/reassign-task.command';
import { CompleteTaskCommand } from './complete-task/complete-task.command';
import { CancelTaskCommand } from './cancel-task/cancel-task.command';
import { GetTaskQuery } from './get-task/get-task.query';

const committee: Actor = { userId: 'u-committee', role: 'committee', agency: null };
const soYTe: Actor = { userId: 'u-so-y-te', role: 'agency', agency: 'SO_Y_TE' };
const soGtvt: Actor = { userId: 'u-so-gtvt', role: 'agency', agency: 'SO_GTVT' };
const caTinh: Actor = { userId: 'u-ca-tinh', role: 'agency', agency: 'CA_TINH' };
const auditor: Actor = { userId: 'u-auditor', role: 'auditor', agency: null };

describe('tasking command handlers (PostgreSQL)', () => {
  let db: TestDatabase;
  let moduleRef: TestingModule;
  let commands: CommandBus;
  let queries: QueryBus;
  let store: EventStore;
  const clock = new ManualClock('2019-11-21T01:00:00.000Z');
  let seq = 0;

  const ctx = (actor: Actor, extra: Partial<CommandContext> = {}): CommandContext => ({ actor, now: clock.now(), ...extra });
  const eventCount = async () => Number((await db.pool.query('SELECT count(*) AS n FROM events')).rows[0].n);
  /** The command fails with `code` and nothing is appended. */
  const refused = async (run: () => Promise<unknown>, code: string) => {
    const before = await eventCount();
    await expect(run()).rejects.toMatchObject({ code });
    expect(await eventCount()).toBe(before);
  };

  const agency = (code: string, extra: Partial<RegisterAgencyInput> = {}): RegisterAgencyInput => ({
    code,
    nameVi: `Cơ quan ${code}`,
    nameEn: null,
    level: 'province',
    kind: 'department',
    collective: false,
    ...extra,
  });
  const plan: IssuePlanInput = {
    planId: 'p-118',
    number: '118/KH-UBND',
    issuerAgency: 'UBND_TINH',
    issuedOn: '2019-11-21',
    title: 'Bảo đảm an ninh, trật tự dịp Tết Canh Tý',
    period: { start: '2019-11-21', end: '2020-04-22' },
    objectives: [],
    monitoringAgency: 'CA_TINH',
    defaultReportingSchedule: { kind: 'monthly', day: 20, relation: 'on' },
  };
  const task = (extra: Partial<AssignTaskInput> = {}): AssignTaskInput => ({
    taskId: `t-${++seq}`,
    title: 'Kiểm tra an toàn thực phẩm dịp Tết',
    text: 'Chủ trì kiểm tra an toàn vệ sinh thực phẩm.',
    leadAgency: 'SO_Y_TE',
    coordinatingAgencies: ['CA_TINH'],
    partners: [],
    dueDate: null,
    reportingSchedule: { kind: 'monthly', day: 20, relation: 'on' },
    sourceRef: null,
    ...extra,
  });
  const report = (extra: Partial<SubmitReportInput> = {}): SubmitReportInput => ({
    reportId: `r-${++seq}`,
    periodId: '2019-12',
    text: 'Đã kiểm tra 120 cơ sở.',
    progressPercent: 40,
    indicatorValues: [],
    ...extra,
  });
  const assignNew = async (extra: Partial<AssignTaskInput> = {}) => {
    const input = task(extra);
    await commands.execute(new AssignTaskCommand('p-118', input, ctx(committee)));
    return input.taskId;
  };
  const lastEvent = async (streamId: string) => {
    const slice = await store.readStream(streamId);
    return slice.events[slice.events.length - 1];
  };

  beforeAll(async () => {
    db = await createTestDatabase('tasking');
    const config = loadAppConfig({ DATABASE_URL: db.url, JWT_SECRET: 'x'.repeat(40), REDIS_PREFIX: `dondoc_t_${db.name}` });
    moduleRef = await Test.createTestingModule({
      imports: [PlatformModule.forRoot({ config, clock }), EventStoreModule, CqrsModule.forRoot(), TaskingModule],
    }).compile();
    await moduleRef.init();
    commands = moduleRef.get(CommandBus);
    queries = moduleRef.get(QueryBus);
    store = moduleRef.get(EVENT_STORE);
    for (const code of ['UBND_TINH', 'CA_TINH', 'SO_Y_TE', 'SO_GTVT']) {
      await commands.execute(new RegisterAgencyCommand(agency(code), ctx(committee)));
    }
  });

  afterAll(async () => {
    await moduleRef?.close();
    await db?.drop();
  });

  beforeEach(() => clock.set('2019-11-21T01:00:00.000Z'));

  it('registers an agency once; a second registration is refused', async () => {
    const result = await commands.execute(new RegisterAgencyCommand(agency('SO_TAI_CHINH'), ctx(committee)));
    expect(result).toMatchObject({ streamId: 'agency-SO_TAI_CHINH', streamVersion: 1, duplicate: false, eventCount: 1 });
    await refused(() => commands.execute(new RegisterAgencyCommand(agency('SO_TAI_CHINH'), ctx(committee))), 'AGENCY_ALREADY_REGISTERED');
    await refused(() => commands.execute(new RegisterAgencyCommand(agency('SO_NOI_VU'), ctx(auditor))), 'ROLE_NOT_ALLOWED');
  });

  it('issues a plan whose issuer and monitoring agency are registered, naming an unknown one', async () => {
    await refused(
      () => commands.execute(new IssuePlanCommand({ ...plan, monitoringAgency: 'KHONG_CO' }, ctx(committee))),
      'AGENCY_NOT_FOUND',
    );
    await expect(commands.execute(new IssuePlanCommand({ ...plan, issuerAgency: 'KHONG_CO' }, ctx(committee)))).rejects.toMatchObject({
      kind: 'unprocessable',
      details: { codes: ['KHONG_CO'] },
    });
    const result = await commands.execute(new IssuePlanCommand(plan, ctx(committee)));
    expect(result).toMatchObject({ streamId: 'plan-p-118', streamVersion: 1 });
    const event = await lastEvent('plan-p-118');
    expect(event).toMatchObject({ type: 'PlanIssued', schemaVersion: 1, data: { planId: 'p-118', issuedAt: '2019-11-21T01:00:00.000Z' } });
    expect(event.metadata).toMatchObject({ actor: 'u-committee', role: 'committee', agency: null, occurredAt: '2019-11-21T01:00:00.000Z' });
  });

  it('assigns a task in an existing plan to registered agencies only', async () => {
    await refused(() => commands.execute(new AssignTaskCommand('p-none', task(), ctx(committee))), 'PLAN_NOT_FOUND');
    await expect(
      commands.execute(new AssignTaskCommand('p-118', task({ coordinatingAgencies: ['CA_TINH', 'KHONG_CO', 'CUNG_KHONG'] }), ctx(committee))),
    ).rejects.toMatchObject({ code: 'AGENCY_NOT_FOUND', message: 'Không tìm thấy cơ quan: KHONG_CO, CUNG_KHONG' });
    await refused(() => commands.execute(new AssignTaskCommand('p-118', task({ leadAgency: 'KHONG_CO' }), ctx(committee))), 'AGENCY_NOT_FOUND');
    await refused(() => commands.execute(new AssignTaskCommand('p-118', task(), ctx(soYTe))), 'ROLE_NOT_ALLOWED');
    const input = task();
    const result = await commands.execute(new AssignTaskCommand('p-118', input, ctx(committee)));
    expect(result).toMatchObject({ streamId: `task-${input.taskId}`, streamVersion: 1, duplicate: false });
    const event = await lastEvent(`task-${input.taskId}`);
    expect(event).toMatchObject({ type: 'TaskAssigned', data: { taskId: input.taskId, planId: 'p-118', leadAgency: 'SO_Y_TE' } });
  });

  it("gives a task with neither due date nor schedule the plan's default schedule", async () => {
    const taskId = await assignNew({ reportingSchedule: null, dueDate: null });
    const view = await queries.execute(new GetTaskQuery(taskId, committee));
    expect(view.reportingSchedule).toEqual({ kind: 'monthly', day: 20, relation: 'on' });
  });

  it('judges a report against the deadline the calendar gives for its period', async () => {
    const taskId = await assignNew();
    clock.set('2019-12-20T16:59:59.000Z'); // 23:59:59 on the 20th in Hà Nội
    await commands.execute(new SubmitReportCommand(taskId, report({ periodId: '2019-12' }), ctx(soYTe)));
    expect((await lastEvent(`task-${taskId}`)).data).toMatchObject({ periodId: '2019-12', dueAt: '2019-12-20T17:00:00.000Z', late: false });
    clock.set('2020-01-21T00:30:00.000Z');
    await commands.execute(new SubmitReportCommand(taskId, report({ periodId: '2020-01' }), ctx(soYTe)));
    const late = await lastEvent(`task-${taskId}`);
    expect(late.data).toMatchObject({ periodId: '2020-01', dueAt: '2020-01-20T17:00:00.000Z', late: true });
    expect(late.metadata).toMatchObject({ actor: 'u-so-y-te', role: 'agency', agency: 'SO_Y_TE', occurredAt: '2020-01-21T00:30:00.000Z' });
  });

  it('refuses a period outside the plan or the obligation, a missing task, another agency, an auditor', async () => {
    const taskId = await assignNew();
    await refused(() => commands.execute(new SubmitReportCommand(taskId, report({ periodId: '2020-05' }), ctx(soYTe))), 'PERIOD_NOT_IN_OBLIGATION');
    await refused(() => commands.execute(new SubmitReportCommand(taskId, report({ periodId: 'due' }), ctx(soYTe))), 'PERIOD_NOT_IN_OBLIGATION');
    await refused(() => commands.execute(new SubmitReportCommand('t-none', report(), ctx(soYTe))), 'TASK_NOT_FOUND');
    await refused(() => commands.execute(new SubmitReportCommand(taskId, report(), ctx(soGtvt))), 'NOT_YOUR_AGENCY');
    await refused(() => commands.execute(new SubmitReportCommand(taskId, report(), ctx(caTinh))), 'NOT_YOUR_AGENCY');
    await refused(() => commands.execute(new SubmitReportCommand(taskId, report(), ctx(auditor))), 'ROLE_NOT_ALLOWED');
  });

  it('appends a command once for one idempotency key; a replay returns the first result', async () => {
    const taskId = await assignNew();
    const input = report();
    const first = await commands.execute(new SubmitReportCommand(taskId, input, ctx(soYTe, { commandId: `key-${taskId}` })));
    const again = await commands.execute(new SubmitReportCommand(taskId, input, ctx(soYTe, { commandId: `key-${taskId}` })));
    expect(first).toMatchObject({ streamVersion: 2, duplicate: false, eventCount: 1 });
    expect(again).toMatchObject({ streamVersion: 2, position: first.position, duplicate: true, eventCount: 0 });
  });

  it('appends one set of events when the same command id arrives concurrently', async () => {
    const taskId = await assignNew();
    const input = report();
    const settled = await Promise.allSettled(
      Array.from({ length: 5 }, () => commands.execute(new SubmitReportCommand(taskId, input, ctx(soYTe, { commandId: `race-${taskId}` })))),
    );
    expect((await store.readStream(`task-${taskId}`)).version).toBe(2);
    const results = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    // A twin that loads the stream after the winner committed is refused by the decider instead of
    // being answered as a duplicate (CommandRunner checks the command id before loading); either
    // way nothing is appended twice.
    for (const s of settled) if (s.status === 'rejected') expect(s.reason).toMatchObject({ kind: 'conflict' });
  });

  it('honours an expected version (If-Match): a stale one is a conflict', async () => {
    const taskId = await assignNew();
    await refused(
      () => commands.execute(new SubmitReportCommand(taskId, report(), ctx(soYTe, { expectedVersion: 0 }))),
      'WRONG_EXPECTED_VERSION',
    );
    const ok = await commands.execute(new SubmitReportCommand(taskId, report(), ctx(soYTe, { expectedVersion: 1 })));
    expect(ok.streamVersion).toBe(2);
  });

  it('reviews: an accepted report closes its period, a returned one reopens it', async () => {
    const taskId = await assignNew();
    const first = report();
    await commands.execute(new SubmitReportCommand(taskId, first, ctx(soYTe)));
    await refused(() => commands.execute(new SubmitReportCommand(taskId, report(), ctx(soYTe))), 'PERIOD_ALREADY_REPORTED');
    await refused(
      () => commands.execute(new ReviewReportCommand(taskId, first.reportId, { decision: 'accept' }, ctx(soYTe))),
      'ROLE_NOT_ALLOWED',
    );
    await commands.execute(new ReviewReportCommand(taskId, first.reportId, { decision: 'return', reason: 'Thiếu số liệu' }, ctx(committee)));
    const second = report();
    await commands.execute(new SubmitReportCommand(taskId, second, ctx(soYTe)));
    await commands.execute(new ReviewReportCommand(taskId, second.reportId, { decision: 'accept' }, ctx(committee)));
    await refused(
      () => commands.execute(new ReviewReportCommand(taskId, second.reportId, { decision: 'accept' }, ctx(committee))),
      'REPORT_ALREADY_REVIEWED',
    );
    await refused(() => commands.execute(new ReviewReportCommand(taskId, 'r-none', { decision: 'accept' }, ctx(committee))), 'REPORT_NOT_FOUND');
    const view = await queries.execute(new GetTaskQuery(taskId, committee));
    expect(view.reports.map((r) => r.status)).toEqual(['returned', 'accepted']);
  });

  it('extends a deadline: a report before the new date is on time, judged against it', async () => {
    const taskId = await assignNew();
    clock.set('2020-01-15T02:00:00.000Z');
    await refused(
      () =>
        commands.execute(
          new RequestExtensionCommand(taskId, { extensionId: 'x-1', periodId: '2020-01', requestedDueDate: '2020-01-31', reason: 'Chờ số liệu' }, ctx(soGtvt)),
        ),
      'NOT_YOUR_AGENCY',
    );
    await commands.execute(
      new RequestExtensionCommand(taskId, { extensionId: 'x-1', periodId: '2020-01', requestedDueDate: '2020-01-31', reason: 'Chờ số liệu' }, ctx(soYTe)),
    );
    expect((await lastEvent(`task-${taskId}`)).data).toMatchObject({
      currentDueAt: '2020-01-20T17:00:00.000Z',
      requestedDueAt: '2020-01-31T17:00:00.000Z',
    });
    await refused(
      () => commands.execute(new DecideExtensionCommand(taskId, 'x-none', { decision: 'grant', newDueDate: null }, ctx(committee))),
      'EXTENSION_NOT_FOUND',
    );
    // The requested date is granted when the committee names none.
    await commands.execute(new DecideExtensionCommand(taskId, 'x-1', { decision: 'grant', newDueDate: null }, ctx(committee)));
    expect((await lastEvent(`task-${taskId}`))).toMatchObject({
      type: 'ExtensionGranted',
      data: { newDueDate: '2020-01-31', newDueAt: '2020-01-31T17:00:00.000Z' },
    });
    clock.set('2020-01-28T02:00:00.000Z');
    await commands.execute(new SubmitReportCommand(taskId, report({ periodId: '2020-01' }), ctx(soYTe)));
    expect((await lastEvent(`task-${taskId}`)).data).toMatchObject({ dueAt: '2020-01-31T17:00:00.000Z', late: false, extensionId: 'x-1' });
  });

  it('refuses an extension with a reason', async () => {
    const taskId = await assignNew();
    await commands.execute(
      new RequestExtensionCommand(taskId, { extensionId: 'x-9', periodId: '2019-12', requestedDueDate: '2019-12-27', reason: 'Bận' }, ctx(soYTe)),
    );
    await commands.execute(new DecideExtensionCommand(taskId, 'x-9', { decision: 'refuse', reason: 'Không có căn cứ' }, ctx(committee)));
    await refused(
      () => commands.execute(new DecideExtensionCommand(taskId, 'x-9', { decision: 'refuse', reason: 'x' }, ctx(committee))),
      'EXTENSION_ALREADY_DECIDED',
    );
    await refused(
      () =>
        commands.execute(
          new RequestExtensionCommand(taskId, { extensionId: 'x-10', periodId: '2019-12', requestedDueDate: 'ngày mai', reason: 'Bận' }, ctx(soYTe)),
        ),
      'DATE_INVALID',
    );
  });

  it('reassigns to a registered agency; the former lead may no longer report', async () => {
    const taskId = await assignNew();
    await refused(
      () => commands.execute(new ReassignTaskCommand(taskId, { newLeadAgency: 'KHONG_CO', reason: 'x' }, ctx(committee))),
      'AGENCY_NOT_FOUND',
    );
    await refused(() => commands.execute(new ReassignTaskCommand('t-none', { newLeadAgency: 'SO_GTVT', reason: 'x' }, ctx(committee))), 'TASK_NOT_FOUND');
    await commands.execute(new ReassignTaskCommand(taskId, { newLeadAgency: 'SO_GTVT', reason: 'Đúng chức năng' }, ctx(committee)));
    await refused(() => commands.execute(new SubmitReportCommand(taskId, report(), ctx(soYTe))), 'NOT_YOUR_AGENCY');
    await commands.execute(new SubmitReportCommand(taskId, report(), ctx(soGtvt)));
  });

  it('completes and cancels; nothing more is accepted afterwards', async () => {
    const done = await assignNew();
    await commands.execute(new CompleteTaskCommand(done, { note: 'Đạt' }, ctx(committee)));
    await refused(() => commands.execute(new SubmitReportCommand(done, report(), ctx(soYTe))), 'TASK_COMPLETED');
    const dropped = await assignNew();
    await refused(() => commands.execute(new CancelTaskCommand(dropped, { reason: 'x' }, ctx(auditor))), 'ROLE_NOT_ALLOWED');
    await commands.execute(new CancelTaskCommand(dropped, { reason: 'Trùng lặp' }, ctx(committee)));
    await expect(commands.execute(new SubmitReportCommand(dropped, report(), ctx(soYTe)))).rejects.toMatchObject({
      code: 'TASK_CANCELLED',
      message: 'Nhiệm vụ đã bị hủy, không thể nộp báo cáo',
    });
    await refused(() => commands.execute(new CancelTaskCommand('t-none', { reason: 'x' }, ctx(committee))), 'TASK_NOT_FOUND');
  });

  it('reads a task rebuilt from its events with its version; agencies see only their own', async () => {
    const taskId = await assignNew();
    await commands.execute(new SubmitReportCommand(taskId, report(), ctx(soYTe)));
    const view = await queries.execute(new GetTaskQuery(taskId, auditor));
    expect(view).toMatchObject({ streamId: `task-${taskId}`, version: 2, status: 'active', leadAgency: 'SO_Y_TE', reports: [expect.any(Object)] });
    await expect(queries.execute(new GetTaskQuery(taskId, caTinh))).resolves.toMatchObject({ version: 2 });
    await expect(queries.execute(new GetTaskQuery(taskId, soGtvt))).rejects.toMatchObject({ code: 'NOT_YOUR_AGENCY' });
    await expect(queries.execute(new GetTaskQuery('t-none', committee))).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
  });
});
