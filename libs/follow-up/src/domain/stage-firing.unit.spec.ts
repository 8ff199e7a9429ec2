import { vietnamCalendar } from '@dondoc/calendar';
import { ASSIGNED, PLAN, taskEvent, taskState, truth } from '../testing/follow-up.fixtures';
import { AgencyContacts, decideStage, pendingStages, planDeliveries, SkipReason, stageMessageData, StageRef } from './stage-firing';
import { DEFAULT_WORKING_HOURS } from './working-hours';

const DUE_AT = '2021-11-22T17:00:00.000Z';
const ref = (stageKey: string, dueAt = DUE_AT): StageRef => ({ taskId: ASSIGNED.taskId, periodId: 'due', stageKey, dueAt });
const AFTER_1 = '2021-11-23T00:30:00.000Z';

describe('firing a stage re-reads the truth', () => {
  it('given an active task without a report, when after-1 is due, then it fires on time', () => {
    const decision = decideStage(truth(taskState()), ref('after-1'), AFTER_1);
    expect(decision).toMatchObject({ outcome: 'fire', late: false, lateByMs: 0, stage: { stageKey: 'after-1', fireAt: AFTER_1 } });
  });

  it('fired more than a minute after its time, it is late and says by how much', () => {
    const decision = decideStage(truth(taskState()), ref('after-1'), '2021-11-23T02:30:00.000Z');
    expect(decision).toMatchObject({ outcome: 'fire', late: true, lateByMs: 2 * 3600_000 });
  });

  it('woken early, it waits for its time', () => {
    expect(decideStage(truth(taskState()), ref('after-1'), '2021-11-23T00:00:00.000Z')).toEqual({ outcome: 'wait', until: AFTER_1 });
  });

  it('given a report for the period, nothing is sent (obligation met)', () => {
    const report = taskEvent('ReportSubmitted', {
      taskId: 't-1', reportId: 'r-1', periodId: 'due', text: 'Đã báo cáo', progressPercent: 100, indicatorValues: [],
      dueAt: DUE_AT, late: false, extensionId: null, submittedAt: '2021-11-21T03:00:00.000Z',
    });
    expect(decideStage(truth(taskState(report)), ref('after-1'), AFTER_1)).toEqual({ outcome: 'skip', reason: SkipReason.ObligationMet });
  });

  it('given a returned report, the period is open again and the stage fires', () => {
    const report = taskEvent('ReportSubmitted', {
      taskId: 't-1', reportId: 'r-1', periodId: 'due', text: 'Đã báo cáo', progressPercent: 100, indicatorValues: [],
      dueAt: DUE_AT, late: false, extensionId: null, submittedAt: '2021-11-15T03:00:00.000Z',
    });
    const returned = taskEvent('ReportReturned', { taskId: 't-1', reportId: 'r-1', periodId: 'due', reason: 'Thiếu số liệu', returnedAt: '2021-11-16T03:00:00.000Z' });
    expect(decideStage(truth(taskState(report, returned)), ref('after-1'), AFTER_1).outcome).toBe('fire');
  });

  it('given a completed or a cancelled task, nothing is sent', () => {
    const completed = taskEvent('TaskCompleted', { taskId: 't-1', note: null, completedAt: '2021-11-20T03:00:00.000Z' });
    const cancelled = taskEvent('TaskCancelled', { taskId: 't-1', reason: 'Không còn phù hợp', cancelledAt: '2021-11-20T03:00:00.000Z' });
    expect(decideStage(truth(taskState(completed)), ref('after-1'), AFTER_1)).toEqual({ outcome: 'skip', reason: SkipReason.TaskCompleted });
    expect(decideStage(truth(taskState(cancelled)), ref('after-1'), AFTER_1)).toEqual({ outcome: 'skip', reason: SkipReason.TaskCancelled });
  });

  it('given an extension granted after the job was scheduled, the old stage sends nothing and the new deadline has its own stages', () => {
    const requested = taskEvent('ExtensionRequested', {
      taskId: 't-1', extensionId: 'x-1', periodId: 'due', requestedDueDate: '2021-12-10', requestedDueAt: '2021-12-10T17:00:00.000Z',
      currentDueAt: DUE_AT, reason: 'Chờ số liệu', requestedAt: '2021-11-18T03:00:00.000Z',
    });
    const granted = taskEvent('ExtensionGranted', {
      taskId: 't-1', extensionId: 'x-1', periodId: 'due', newDueDate: '2021-12-10', newDueAt: '2021-12-10T17:00:00.000Z', grantedAt: '2021-11-19T03:00:00.000Z',
    });
    const extended = truth(taskState(requested, granted));
    expect(decideStage(extended, ref('after-1'), AFTER_1)).toEqual({ outcome: 'skip', reason: SkipReason.DeadlineExtended });
    const pending = pendingStages(extended);
    expect(pending[0]).toMatchObject({ stageKey: 'before-3', dueAt: '2021-12-10T17:00:00.000Z', fireAt: '2021-12-07T00:30:00.000Z' });
  });

  it('a stage already sent, not configured, or not armed sends nothing', () => {
    const [, dueDay] = pendingStages(truth(taskState()));
    expect(decideStage(truth(taskState(), { sent: new Set([dueDay.stageId]) }), ref('due-day'), dueDay.fireAt)).toEqual({
      outcome: 'skip',
      reason: SkipReason.AlreadySent,
    });
    expect(decideStage(truth(taskState()), ref('after-9'), AFTER_1)).toEqual({ outcome: 'skip', reason: SkipReason.StageNotConfigured });
    const lateAssignment = taskState();
    (lateAssignment as { assignedAt: string }).assignedAt = '2021-11-19T00:00:00.000Z';
    expect(decideStage(truth(lateAssignment), ref('before-3'), AFTER_1)).toEqual({ outcome: 'skip', reason: SkipReason.StageNotArmed });
  });

  it('a deadline moved by a declared day off makes the old stage skip as moved', () => {
    const calendar = vietnamCalendar([{ date: '2021-11-22', kind: 'day_off', reason: 'Nghỉ bù', effectiveFrom: '2021-11-01T00:00:00.000Z' }]);
    expect(decideStage(truth(taskState(), { calendar }), ref('after-1'), AFTER_1)).toEqual({ outcome: 'skip', reason: SkipReason.DeadlineMoved });
  });

  it('pending stages: armed, not sent, of open obligations, in firing order', () => {
    const all = pendingStages(truth(taskState()));
    expect(all.map((s) => s.stageKey)).toEqual(['before-3', 'due-day', 'after-1', 'after-3', 'after-7']);
    expect(pendingStages(truth(taskState(), { sent: new Set([all[0].stageId]) })).map((s) => s.stageKey)).toEqual(['due-day', 'after-1', 'after-3', 'after-7']);
  });
});

describe('the message of a stage', () => {
  const contacts = new Map<string, AgencyContacts>([
    ['SO_Y_TE', { agency: 'SO_Y_TE', email: 'vanthu@soyte.gov.vn', headEmail: 'giamdoc@soyte.gov.vn', webhookUrl: 'https://sms.example.vn/hook', digest: false }],
    ['SO_KHDT', { agency: 'SO_KHDT', email: 'vanthu@sokhdt.gov.vn', headEmail: null, webhookUrl: null, digest: true }],
  ]);
  const names = new Map([['SO_Y_TE', 'Sở Y tế'], ['SO_KHDT', 'Sở Kế hoạch và Đầu tư']]);
  const context = (now: string) => ({ now, calendar: vietnamCalendar(), hours: DEFAULT_WORKING_HOURS, digestAtMinutes: 16 * 60 + 30, agencyNames: names, contacts });

  it('after-3 escalates to the head of the lead agency and to the monitoring agency, by every channel they have', () => {
    const at = '2021-11-25T00:30:00.000Z';
    const t = truth(taskState());
    const decision = decideStage(t, ref('after-3'), at);
    if (decision.outcome !== 'fire') throw new Error('expected fire');
    const data = stageMessageData(t, decision, context(at));
    expect(data.kind).toBe('escalation');
    expect(data.recipients).toEqual([{ agency: 'SO_Y_TE', audience: 'agency_head' }, { agency: 'SO_KHDT', audience: 'monitoring' }]);
    expect(data.deliveries.map((d) => [d.channel, d.agency, d.address, d.mode, d.notBefore])).toEqual([
      ['email', 'SO_Y_TE', 'giamdoc@soyte.gov.vn', 'immediate', at],
      ['webhook', 'SO_Y_TE', 'https://sms.example.vn/hook', 'immediate', at],
      ['inbox', 'SO_Y_TE', null, 'immediate', at],
      // SO_KHDT chose the daily digest (16:30).
      ['email', 'SO_KHDT', 'vanthu@sokhdt.gov.vn', 'digest', '2021-11-25T09:30:00.000Z'],
      ['inbox', 'SO_KHDT', null, 'immediate', at],
    ]);
    expect(data.subject).toBe('[Đôn đốc] Sở Y tế quá hạn 3 ngày làm việc (hạn 22/11/2021): Kiểm tra an toàn thực phẩm dịp Tết');
    expect(data.text).toContain('Kính gửi: Thủ trưởng Sở Y tế; Sở Kế hoạch và Đầu tư');
    expect(data.text).toContain('Hạn báo cáo: hết ngày 22/11/2021');
    expect(data.text).toContain(`Thuộc Kế hoạch số ${PLAN.number}`);
  });

  it('a late stage says so in its text', () => {
    const at = '2021-11-26T02:00:00.000Z';
    const t = truth(taskState());
    const decision = decideStage(t, ref('after-1'), at);
    if (decision.outcome !== 'fire') throw new Error('expected fire');
    const data = stageMessageData(t, decision, context(at));
    expect(data).toMatchObject({ late: true, scheduledFor: AFTER_1, firedAt: at });
    expect(data.text).toContain('thông báo này được gửi muộn so với lịch (07:30 23/11/2021)');
  });

  it('e-mail and webhook wait for working hours; the inbox does not', () => {
    const saturdayNight = '2021-11-27T14:00:00.000Z';
    const deliveries = planDeliveries('m-1', [{ agency: 'SO_Y_TE', audience: 'agency' }], contacts, context(saturdayNight));
    expect(deliveries.map((d) => [d.channel, d.notBefore])).toEqual([
      ['email', '2021-11-29T00:30:00.000Z'],
      ['webhook', '2021-11-29T00:30:00.000Z'],
      ['inbox', saturdayNight],
    ]);
  });
});
