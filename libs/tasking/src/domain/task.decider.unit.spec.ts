import { spec } from '@dondoc/event-store/testing';
import { fold } from '@dondoc/event-store/decider/decider';
import { Actor } from '@dondoc/platform/auth/actor';
import { taskDecider, TaskState } from './task.decider';
import {
  AssignTask,
  CancelTask,
  CompleteTask,
  DecideExtension,
  ReassignTask,
  RequestExtension,
  ReviewReport,
  SubmitReport,
} from './task.commands';
import {
  extensionGranted,
  extensionRefused,
  extensionRequested,
  reportAccepted,
  reportReturned,
  reportSubmitted,
  taskAssigned,
  TaskAssignedData,
  taskCancelled,
  taskCompleted,
  TaskEvent,
  taskReassigned,
} from './task.events';

const committee: Actor = { userId: 'u-committee', role: 'committee', agency: null };
const system: Actor = { userId: 'system', role: 'system', agency: null };
const auditor: Actor = { userId: 'u-auditor', role: 'auditor', agency: null };
const monitoring: Actor = { userId: 'u-monitor', role: 'monitoring', agency: 'CA_TINH' };
const admin: Actor = { userId: 'u-admin', role: 'admin', agency: null };
const leadOfficer: Actor = { userId: 'u-so-yte', role: 'agency', agency: 'SO_Y_TE' };
const otherOfficer: Actor = { userId: 'u-so-gtvt', role: 'agency', agency: 'SO_GTVT' };
const coordinatingOfficer: Actor = { userId: 'u-ca', role: 'agency', agency: 'CA_TINH' };
const homelessOfficer: Actor = { userId: 'u-none', role: 'agency', agency: null };

const TASK = 'task-1';
const ASSIGNED_AT = '2019-11-21T01:00:00.000Z';
const NOW = '2019-12-15T03:00:00.000Z';
/** End of 2019-12-20 in UTC+7: the December period's deadline. */
const DEC_DUE = '2019-12-20T17:00:00.000Z';

const assignedData: TaskAssignedData = {
  taskId: TASK,
  planId: 'plan-118',
  title: 'Bảo đảm an toàn thực phẩm dịp Tết',
  text: 'Chủ trì, phối hợp kiểm tra an toàn vệ sinh thực phẩm.',
  leadAgency: 'SO_Y_TE',
  coordinatingAgencies: ['CA_TINH'],
  partners: ['các ngành chức năng'],
  dueDate: '2020-01-15',
  reportingSchedule: { kind: 'monthly', day: 20, relation: 'on' },
  sourceRef: '118-III-9',
  assignedAt: ASSIGNED_AT,
};
const assigned = taskAssigned(assignedData);

const meta = (actor: Actor, now = NOW) => ({ actor, now });

function assign(data: Partial<AssignTask['data']> = {}, actor: Actor = committee): AssignTask {
  const { assignedAt: _, ...base } = assignedData;
  return { type: 'AssignTask', data: { ...base, ...data }, metadata: meta(actor, ASSIGNED_AT) };
}

function submit(data: Partial<SubmitReport['data']> = {}, actor: Actor = leadOfficer, now = NOW): SubmitReport {
  return {
    type: 'SubmitReport',
    data: {
      taskId: TASK,
      reportId: 'r-1',
      periodId: '2019-12',
      text: 'Đã kiểm tra 120 cơ sở.',
      progressPercent: 40,
      indicatorValues: [],
      dueAt: DEC_DUE,
      ...data,
    },
    metadata: meta(actor, now),
  };
}

const submittedEvent = (data: Partial<Parameters<typeof reportSubmitted>[0]> = {}) =>
  reportSubmitted({
    taskId: TASK,
    reportId: 'r-1',
    periodId: '2019-12',
    text: 'Đã kiểm tra 120 cơ sở.',
    progressPercent: 40,
    indicatorValues: [],
    dueAt: DEC_DUE,
    late: false,
    extensionId: null,
    submittedAt: NOW,
    ...data,
  });

const review = (data: ReviewReport['data'], actor: Actor = committee): ReviewReport => ({
  type: 'ReviewReport',
  data,
  metadata: meta(actor),
});

function request(data: Partial<RequestExtension['data']> = {}, actor: Actor = leadOfficer): RequestExtension {
  return {
    type: 'RequestExtension',
    data: {
      taskId: TASK,
      extensionId: 'x-1',
      periodId: '2019-12',
      requestedDueDate: '2019-12-27',
      reason: 'Chờ số liệu của các huyện',
      dueAt: DEC_DUE,
      requestedDueAt: '2019-12-27T17:00:00.000Z',
      ...data,
    },
    metadata: meta(actor),
  };
}

const requestedEvent = (data: Partial<Parameters<typeof extensionRequested>[0]> = {}) =>
  extensionRequested({
    taskId: TASK,
    extensionId: 'x-1',
    periodId: '2019-12',
    requestedDueDate: '2019-12-27',
    requestedDueAt: '2019-12-27T17:00:00.000Z',
    currentDueAt: DEC_DUE,
    reason: 'Chờ số liệu của các huyện',
    requestedAt: NOW,
    ...data,
  });

const grantedEvent = (data: Partial<Parameters<typeof extensionGranted>[0]> = {}) =>
  extensionGranted({
    taskId: TASK,
    extensionId: 'x-1',
    periodId: '2019-12',
    newDueDate: '2019-12-27',
    newDueAt: '2019-12-27T17:00:00.000Z',
    grantedAt: NOW,
    ...data,
  });

const decide = (data: DecideExtension['data'], actor: Actor = committee): DecideExtension => ({
  type: 'DecideExtension',
  data,
  metadata: meta(actor),
});
const reassign = (data: Partial<ReassignTask['data']> = {}, actor: Actor = committee): ReassignTask => ({
  type: 'ReassignTask',
  data: { taskId: TASK, newLeadAgency: 'SO_GTVT', reason: 'Đúng chức năng của Sở Giao thông vận tải', ...data },
  metadata: meta(actor),
});
const complete = (note: string | null = null, actor: Actor = committee): CompleteTask => ({
  type: 'CompleteTask',
  data: { taskId: TASK, note },
  metadata: meta(actor),
});
const cancel = (reason = 'Nhiệm vụ trùng với Kế hoạch khác', actor: Actor = committee): CancelTask => ({
  type: 'CancelTask',
  data: { taskId: TASK, reason },
  metadata: meta(actor),
});
const cancelled = taskCancelled({ taskId: TASK, reason: 'Trùng lặp', cancelledAt: NOW });
const completed = taskCompleted({ taskId: TASK, note: null, completedAt: NOW });

const state = (events: TaskEvent[]): TaskState => fold(taskDecider, events);

describe('task decider', () => {
  describe('AssignTask', () => {
    it('assigns a task with one lead agency, coordinating agencies, a due date and a schedule', () => {
      spec(taskDecider).given([]).when(assign()).then([assigned]);
    });

    it('accepts a due date alone, or a schedule alone, and the system actor', () => {
      const [byDate] = spec(taskDecider).given([]).when(assign({ reportingSchedule: null })).events();
      expect(byDate.data).toMatchObject({ dueDate: '2020-01-15', reportingSchedule: null });
      const [bySchedule] = spec(taskDecider).given([]).when(assign({ dueDate: null }, system)).events();
      expect(bySchedule.data).toMatchObject({ dueDate: null, reportingSchedule: { kind: 'monthly', day: 20 } });
    });

    it('accepts every kind of reporting schedule the plans use', () => {
      for (const reportingSchedule of [
        { kind: 'yearly', month: 11, day: 20, relation: 'before' },
        { kind: 'interval', everyMonths: 6, anchor: '2017-09-06', relation: 'on' },
        { kind: 'once', date: '2020-10-15', relation: 'on' },
        { kind: 'yearly', month: 2, day: 29, relation: 'on' },
      ] as const) {
        const [event] = spec(taskDecider).given([]).when(assign({ reportingSchedule })).events();
        expect(event.data).toMatchObject({ reportingSchedule });
      }
    });

    it('refuses a task with neither a due date nor a reporting schedule', () => {
      spec(taskDecider).given([]).when(assign({ dueDate: null, reportingSchedule: null })).thenThrows('OBLIGATION_REQUIRED');
    });

    it('refuses to assign the same task twice', () => {
      spec(taskDecider).given([assigned]).when(assign()).thenThrows('TASK_ALREADY_ASSIGNED');
    });

    it('refuses a lead agency that is also coordinating, and a coordinating agency named twice', () => {
      spec(taskDecider).given([]).when(assign({ coordinatingAgencies: ['SO_Y_TE'] })).thenThrows('LEAD_ALSO_COORDINATING');
      spec(taskDecider)
        .given([])
        .when(assign({ coordinatingAgencies: ['CA_TINH', 'CA_TINH'] }))
        .thenThrows('COORDINATING_AGENCY_DUPLICATED');
    });

    it('refuses malformed agency codes, dates, schedules and an empty title', () => {
      spec(taskDecider).given([]).when(assign({ leadAgency: 'so y te' })).thenThrows('AGENCY_CODE_INVALID');
      spec(taskDecider).given([]).when(assign({ coordinatingAgencies: ['x'] })).thenThrows('AGENCY_CODE_INVALID');
      spec(taskDecider).given([]).when(assign({ dueDate: '2019-02-29' })).thenThrows('DATE_INVALID');
      spec(taskDecider)
        .given([])
        .when(assign({ reportingSchedule: { kind: 'monthly', day: 32, relation: 'on' } }))
        .thenThrows('REPORTING_SCHEDULE_INVALID');
      spec(taskDecider)
        .given([])
        .when(assign({ reportingSchedule: { kind: 'yearly', month: 2, day: 30, relation: 'on' } }))
        .thenThrows('REPORTING_SCHEDULE_INVALID');
      spec(taskDecider)
        .given([])
        .when(assign({ reportingSchedule: { kind: 'interval', everyMonths: 0, anchor: '2020-01-01', relation: 'on' } }))
        .thenThrows('REPORTING_SCHEDULE_INVALID');
      spec(taskDecider)
        .given([])
        .when(assign({ reportingSchedule: { kind: 'once', date: '2020-13-01', relation: 'on' } }))
        .thenThrows('REPORTING_SCHEDULE_INVALID');
      spec(taskDecider)
        .given([])
        .when(assign({ reportingSchedule: { kind: 'monthly', day: 20, relation: 'after' as 'on' } }))
        .thenThrows('REPORTING_SCHEDULE_INVALID');
      spec(taskDecider).given([]).when(assign({ title: '   ' })).thenThrows('TEXT_REQUIRED');
      spec(taskDecider).given([]).when(assign({ text: 'x'.repeat(20_001) })).thenThrows('TEXT_TOO_LONG');
      spec(taskDecider).given([]).when(assign({ taskId: '__proto__' })).thenThrows('ID_INVALID');
    });

    it('is for the committee (and the system) only', () => {
      for (const actor of [leadOfficer, auditor, monitoring, admin]) {
        spec(taskDecider).given([]).when(assign({}, actor)).thenThrows('ROLE_NOT_ALLOWED');
      }
    });
  });

  describe('SubmitReport', () => {
    it('records a report before the deadline as on time, with the deadline it was judged against', () => {
      spec(taskDecider).given([assigned]).when(submit()).then([submittedEvent()]);
    });

    it('records a report at or after the deadline as late', () => {
      spec(taskDecider)
        .given([assigned])
        .when(submit({}, leadOfficer, DEC_DUE))
        .then([submittedEvent({ late: true, submittedAt: DEC_DUE })]);
      spec(taskDecider)
        .given([assigned])
        .when(submit({}, leadOfficer, '2019-12-21T02:00:00+07:00'))
        .then([submittedEvent({ late: true, submittedAt: '2019-12-21T02:00:00+07:00' })]);
    });

    it('compares instants, not strings, whatever their offsets', () => {
      const [event] = spec(taskDecider)
        .given([assigned])
        .when(submit({}, leadOfficer, '2019-12-20T23:59:59+07:00'))
        .events();
      expect(event.data).toMatchObject({ late: false });
    });

    it('judges against a granted extension for that period', () => {
      spec(taskDecider)
        .given([assigned, requestedEvent(), grantedEvent()])
        .when(submit({}, leadOfficer, '2019-12-24T03:00:00.000Z'))
        .then([
          submittedEvent({
            dueAt: '2019-12-27T17:00:00.000Z',
            late: false,
            extensionId: 'x-1',
            submittedAt: '2019-12-24T03:00:00.000Z',
          }),
        ]);
    });

    it("judges against the handler's deadline of the extension (moved by a day declared off), and against the recorded one of an extension granted since the handler looked", () => {
      // 27/12/2019 declared off after the grant: the handler resolved the extension's deadline to Monday 30/12.
      const moved = '2019-12-30T17:00:00.000Z';
      const [resolved] = spec(taskDecider)
        .given([assigned, requestedEvent(), grantedEvent()])
        .when(submit({ dueAt: moved, extensionId: 'x-1' }, leadOfficer, '2019-12-28T03:00:00.000Z'))
        .events();
      expect(resolved.data).toMatchObject({ dueAt: moved, late: false, extensionId: 'x-1' });
      // The handler saw no extension (granted between its read and the decision): the grant's own deadline.
      const [raced] = spec(taskDecider)
        .given([assigned, requestedEvent(), grantedEvent()])
        .when(submit({ extensionId: null }, leadOfficer, '2019-12-28T03:00:00.000Z'))
        .events();
      expect(raced.data).toMatchObject({ dueAt: '2019-12-27T17:00:00.000Z', late: true, extensionId: 'x-1' });
    });

    it('ignores extensions of other periods and refused or pending ones', () => {
      const refused = extensionRefused({ taskId: TASK, extensionId: 'x-1', periodId: '2019-12', reason: 'Không', refusedAt: NOW });
      const otherPeriod = grantedEvent({ extensionId: 'x-2', periodId: '2020-01' });
      for (const given of [
        [assigned, requestedEvent(), refused],
        [assigned, requestedEvent()],
        [assigned, requestedEvent({ extensionId: 'x-2', periodId: '2020-01' }), otherPeriod],
      ]) {
        const [event] = spec(taskDecider).given(given).when(submit({}, leadOfficer, '2019-12-24T03:00:00.000Z')).events();
        expect(event.data).toMatchObject({ dueAt: DEC_DUE, late: true, extensionId: null });
      }
    });

    it('keeps indicator values', () => {
      const indicatorValues = [{ indicatorId: '94-CT-1', value: 72.5, note: null }];
      spec(taskDecider)
        .given([assigned])
        .when(submit({ indicatorValues }))
        .then([submittedEvent({ indicatorValues })]);
    });

    it('refuses a report on a cancelled task with a clear message', () => {
      spec(taskDecider).given([assigned, cancelled]).when(submit()).thenThrows('TASK_CANCELLED');
      expect(() => taskDecider.decide(submit(), state([assigned, cancelled]))).toThrow(
        'Nhiệm vụ đã bị hủy, không thể nộp báo cáo',
      );
    });

    it('refuses a report on a completed task, and on a task that does not exist', () => {
      spec(taskDecider).given([assigned, completed]).when(submit()).thenThrows('TASK_COMPLETED');
      spec(taskDecider).given([]).when(submit()).thenThrows('TASK_NOT_FOUND');
    });

    it("refuses an officer of another agency (even a coordinating one), before saying anything about the task's state", () => {
      spec(taskDecider).given([assigned]).when(submit({}, otherOfficer)).thenThrows('NOT_YOUR_AGENCY');
      spec(taskDecider).given([assigned]).when(submit({}, coordinatingOfficer)).thenThrows('NOT_YOUR_AGENCY');
      spec(taskDecider).given([assigned]).when(submit({}, homelessOfficer)).thenThrows('NOT_YOUR_AGENCY');
      spec(taskDecider).given([assigned, cancelled]).when(submit({}, otherOfficer)).thenThrows('NOT_YOUR_AGENCY');
    });

    it('refuses roles that do not report (committee, monitoring, auditor, admin)', () => {
      for (const actor of [committee, monitoring, auditor, admin]) {
        spec(taskDecider).given([assigned]).when(submit({}, actor)).thenThrows('ROLE_NOT_ALLOWED');
      }
    });

    it('refuses a period the obligation does not have', () => {
      spec(taskDecider).given([assigned]).when(submit({ periodId: '2031-01', dueAt: null })).thenThrows('PERIOD_NOT_IN_OBLIGATION');
    });

    it('refuses a second report for a period that has one waiting or accepted; a returned one reopens it', () => {
      const accepted = reportAccepted({ taskId: TASK, reportId: 'r-1', periodId: '2019-12', acceptedAt: NOW });
      const returned = reportReturned({ taskId: TASK, reportId: 'r-1', periodId: '2019-12', reason: 'Thiếu số liệu', returnedAt: NOW });
      spec(taskDecider).given([assigned, submittedEvent()]).when(submit({ reportId: 'r-2' })).thenThrows('PERIOD_ALREADY_REPORTED');
      spec(taskDecider)
        .given([assigned, submittedEvent(), accepted])
        .when(submit({ reportId: 'r-2' }))
        .thenThrows('PERIOD_ALREADY_REPORTED');
      spec(taskDecider)
        .given([assigned, submittedEvent(), returned])
        .when(submit({ reportId: 'r-2' }))
        .then([submittedEvent({ reportId: 'r-2' })]);
    });

    it('refuses a report id used before', () => {
      spec(taskDecider)
        .given([assigned, submittedEvent()])
        .when(submit({ periodId: '2020-01', dueAt: '2020-01-20T17:00:00.000Z' }))
        .thenThrows('REPORT_ALREADY_EXISTS');
    });

    it('refuses a progress outside 0-100 or not whole, an empty or huge text, repeated indicators', () => {
      for (const progressPercent of [-1, 101, 50.5, Number.NaN]) {
        spec(taskDecider).given([assigned]).when(submit({ progressPercent })).thenThrows('PROGRESS_OUT_OF_RANGE');
      }
      spec(taskDecider).given([assigned]).when(submit({ text: '' })).thenThrows('TEXT_REQUIRED');
      spec(taskDecider).given([assigned]).when(submit({ text: 'x'.repeat(20_001) })).thenThrows('TEXT_TOO_LONG');
      const twice = [
        { indicatorId: 'A', value: 1, note: null },
        { indicatorId: 'A', value: 2, note: null },
      ];
      spec(taskDecider).given([assigned]).when(submit({ indicatorValues: twice })).thenThrows('INDICATOR_DUPLICATED');
      spec(taskDecider)
        .given([assigned])
        .when(submit({ indicatorValues: [{ indicatorId: 'A', value: Infinity, note: null }] }))
        .thenThrows('INDICATOR_VALUE_INVALID');
    });

    it('follows a reassignment: the new lead reports, the former one may not', () => {
      const moved = taskReassigned({
        taskId: TASK,
        previousLeadAgency: 'SO_Y_TE',
        newLeadAgency: 'SO_GTVT',
        reason: 'Đúng chức năng',
        reassignedAt: NOW,
      });
      spec(taskDecider).given([assigned, moved]).when(submit({}, leadOfficer)).thenThrows('NOT_YOUR_AGENCY');
      spec(taskDecider).given([assigned, moved]).when(submit({}, otherOfficer)).then([submittedEvent()]);
    });
  });

  describe('ReviewReport', () => {
    it('accepts a report', () => {
      spec(taskDecider)
        .given([assigned, submittedEvent()])
        .when(review({ taskId: TASK, reportId: 'r-1', decision: 'accept' }))
        .then([reportAccepted({ taskId: TASK, reportId: 'r-1', periodId: '2019-12', acceptedAt: NOW })]);
    });

    it('returns a report with a reason', () => {
      spec(taskDecider)
        .given([assigned, submittedEvent()])
        .when(review({ taskId: TASK, reportId: 'r-1', decision: 'return', reason: 'Thiếu số liệu tháng 12' }))
        .then([
          reportReturned({ taskId: TASK, reportId: 'r-1', periodId: '2019-12', reason: 'Thiếu số liệu tháng 12', returnedAt: NOW }),
        ]);
    });

    it('refuses a return without a reason', () => {
      spec(taskDecider)
        .given([assigned, submittedEvent()])
        .when(review({ taskId: TASK, reportId: 'r-1', decision: 'return', reason: ' ' }))
        .thenThrows('REASON_REQUIRED');
    });

    it('refuses an unknown report and one already reviewed', () => {
      const accepted = reportAccepted({ taskId: TASK, reportId: 'r-1', periodId: '2019-12', acceptedAt: NOW });
      spec(taskDecider)
        .given([assigned])
        .when(review({ taskId: TASK, reportId: 'r-9', decision: 'accept' }))
        .thenThrows('REPORT_NOT_FOUND');
      spec(taskDecider)
        .given([assigned, submittedEvent(), accepted])
        .when(review({ taskId: TASK, reportId: 'r-1', decision: 'return', reason: 'x' }))
        .thenThrows('REPORT_ALREADY_REVIEWED');
    });

    it('is for the committee: an agency cannot review its own report, an auditor nothing', () => {
      for (const actor of [leadOfficer, auditor, monitoring]) {
        spec(taskDecider)
          .given([assigned, submittedEvent()])
          .when(review({ taskId: TASK, reportId: 'r-1', decision: 'accept' }, actor))
          .thenThrows('ROLE_NOT_ALLOWED');
      }
    });

    it('refuses a review on a cancelled task', () => {
      spec(taskDecider)
        .given([assigned, submittedEvent(), cancelled])
        .when(review({ taskId: TASK, reportId: 'r-1', decision: 'accept' }))
        .thenThrows('TASK_CANCELLED');
    });
  });

  describe('RequestExtension', () => {
    it('records the request with the deadline in force', () => {
      spec(taskDecider).given([assigned]).when(request()).then([requestedEvent()]);
    });

    it('measures a further request against the extension already granted', () => {
      spec(taskDecider)
        .given([assigned, requestedEvent(), grantedEvent()])
        .when(request({ extensionId: 'x-2', requestedDueDate: '2019-12-31', requestedDueAt: '2019-12-31T17:00:00.000Z' }))
        .then([
          requestedEvent({
            extensionId: 'x-2',
            requestedDueDate: '2019-12-31',
            requestedDueAt: '2019-12-31T17:00:00.000Z',
            currentDueAt: '2019-12-27T17:00:00.000Z',
          }),
        ]);
      spec(taskDecider)
        .given([assigned, requestedEvent(), grantedEvent()])
        .when(request({ extensionId: 'x-2', requestedDueDate: '2019-12-26', requestedDueAt: '2019-12-26T17:00:00.000Z' }))
        .thenThrows('EXTENSION_DATE_NOT_LATER');
    });

    it('refuses a date that is not after the deadline', () => {
      spec(taskDecider)
        .given([assigned])
        .when(request({ requestedDueDate: '2019-12-20', requestedDueAt: DEC_DUE }))
        .thenThrows('EXTENSION_DATE_NOT_LATER');
    });

    it('refuses a second open request for the same period, and a reused id', () => {
      spec(taskDecider).given([assigned, requestedEvent()]).when(request({ extensionId: 'x-2' })).thenThrows('EXTENSION_ALREADY_PENDING');
      spec(taskDecider)
        .given([assigned, requestedEvent(), grantedEvent()])
        .when(request({ requestedDueDate: '2019-12-31', requestedDueAt: '2019-12-31T17:00:00.000Z' }))
        .thenThrows('EXTENSION_ALREADY_EXISTS');
    });

    it('refuses an extension for a period already reported, or not in the obligation', () => {
      spec(taskDecider).given([assigned, submittedEvent()]).when(request()).thenThrows('PERIOD_ALREADY_REPORTED');
      spec(taskDecider).given([assigned]).when(request({ periodId: 'due-x', dueAt: null })).thenThrows('PERIOD_NOT_IN_OBLIGATION');
    });

    it('refuses a request without a reason or with a malformed date', () => {
      spec(taskDecider).given([assigned]).when(request({ reason: '' })).thenThrows('REASON_REQUIRED');
      spec(taskDecider).given([assigned]).when(request({ requestedDueDate: '27/12/2019' })).thenThrows('DATE_INVALID');
    });

    it('is for the lead agency only', () => {
      spec(taskDecider).given([assigned]).when(request({}, otherOfficer)).thenThrows('NOT_YOUR_AGENCY');
      spec(taskDecider).given([assigned]).when(request({}, committee)).thenThrows('ROLE_NOT_ALLOWED');
      spec(taskDecider).given([assigned]).when(request({}, auditor)).thenThrows('ROLE_NOT_ALLOWED');
    });

    it('refuses on a cancelled or completed task', () => {
      spec(taskDecider).given([assigned, cancelled]).when(request()).thenThrows('TASK_CANCELLED');
      spec(taskDecider).given([assigned, completed]).when(request()).thenThrows('TASK_COMPLETED');
    });
  });

  describe('DecideExtension', () => {
    const grant = (newDueDate = '2019-12-27', newDueAt = '2019-12-27T17:00:00.000Z', actor: Actor = committee) =>
      decide({ taskId: TASK, extensionId: 'x-1', decision: 'grant', newDueDate, newDueAt }, actor);

    it('grants with the new date', () => {
      spec(taskDecider).given([assigned, requestedEvent()]).when(grant()).then([grantedEvent()]);
    });

    it('may grant another date than the one asked for, if it is later than the deadline in force', () => {
      spec(taskDecider)
        .given([assigned, requestedEvent()])
        .when(grant('2019-12-24', '2019-12-24T17:00:00.000Z'))
        .then([grantedEvent({ newDueDate: '2019-12-24', newDueAt: '2019-12-24T17:00:00.000Z' })]);
      spec(taskDecider)
        .given([assigned, requestedEvent()])
        .when(grant('2019-12-19', '2019-12-19T17:00:00.000Z'))
        .thenThrows('EXTENSION_DATE_NOT_LATER');
    });

    it('measures a second grant against the deadline in force when it was asked for, moved by a day declared off', () => {
      // Granted to 27/12, then 27/12 declared off: the second request recorded Monday 30/12 as in force.
      const second = requestedEvent({ extensionId: 'x-2', requestedDueDate: '2019-12-31', requestedDueAt: '2019-12-31T17:00:00.000Z', currentDueAt: '2019-12-30T17:00:00.000Z' });
      const grantSecond = (newDueDate: string, newDueAt: string) => decide({ taskId: TASK, extensionId: 'x-2', decision: 'grant', newDueDate, newDueAt });
      spec(taskDecider)
        .given([assigned, requestedEvent(), grantedEvent(), second])
        .when(grantSecond('2019-12-30', '2019-12-30T17:00:00.000Z'))
        .thenThrows('EXTENSION_DATE_NOT_LATER');
      const [granted] = spec(taskDecider)
        .given([assigned, requestedEvent(), grantedEvent(), second])
        .when(grantSecond('2019-12-31', '2019-12-31T17:00:00.000Z'))
        .events();
      expect(granted.data).toMatchObject({ extensionId: 'x-2', newDueAt: '2019-12-31T17:00:00.000Z' });
    });

    it('refuses with a reason', () => {
      spec(taskDecider)
        .given([assigned, requestedEvent()])
        .when(decide({ taskId: TASK, extensionId: 'x-1', decision: 'refuse', reason: 'Không có căn cứ' }))
        .then([extensionRefused({ taskId: TASK, extensionId: 'x-1', periodId: '2019-12', reason: 'Không có căn cứ', refusedAt: NOW })]);
      spec(taskDecider)
        .given([assigned, requestedEvent()])
        .when(decide({ taskId: TASK, extensionId: 'x-1', decision: 'refuse', reason: '' }))
        .thenThrows('REASON_REQUIRED');
    });

    it('refuses an unknown request and one already decided', () => {
      spec(taskDecider).given([assigned]).when(grant()).thenThrows('EXTENSION_NOT_FOUND');
      spec(taskDecider).given([assigned, requestedEvent(), grantedEvent()]).when(grant()).thenThrows('EXTENSION_ALREADY_DECIDED');
    });

    it('is for the committee only', () => {
      for (const actor of [leadOfficer, auditor, monitoring]) {
        spec(taskDecider).given([assigned, requestedEvent()]).when(grant(undefined, undefined, actor)).thenThrows('ROLE_NOT_ALLOWED');
      }
    });

    it('refuses on a cancelled task', () => {
      spec(taskDecider).given([assigned, requestedEvent(), cancelled]).when(grant()).thenThrows('TASK_CANCELLED');
    });
  });

  describe('ReassignTask', () => {
    it('moves the lead to another agency', () => {
      spec(taskDecider)
        .given([assigned])
        .when(reassign())
        .then([
          taskReassigned({
            taskId: TASK,
            previousLeadAgency: 'SO_Y_TE',
            newLeadAgency: 'SO_GTVT',
            reason: 'Đúng chức năng của Sở Giao thông vận tải',
            reassignedAt: NOW,
          }),
        ]);
    });

    it('drops the new lead from the coordinating agencies', () => {
      const moved = taskReassigned({
        taskId: TASK,
        previousLeadAgency: 'SO_Y_TE',
        newLeadAgency: 'CA_TINH',
        reason: 'x',
        reassignedAt: NOW,
      });
      expect(state([assigned, moved])).toMatchObject({ leadAgency: 'CA_TINH', coordinatingAgencies: [] });
    });

    it('refuses the current lead, a missing reason, a malformed code', () => {
      spec(taskDecider).given([assigned]).when(reassign({ newLeadAgency: 'SO_Y_TE' })).thenThrows('SAME_LEAD_AGENCY');
      spec(taskDecider).given([assigned]).when(reassign({ reason: '' })).thenThrows('REASON_REQUIRED');
      spec(taskDecider).given([assigned]).when(reassign({ newLeadAgency: 'so-gtvt' })).thenThrows('AGENCY_CODE_INVALID');
    });

    it('refuses on a completed or cancelled task, and for roles other than the committee', () => {
      spec(taskDecider).given([assigned, completed]).when(reassign()).thenThrows('TASK_COMPLETED');
      spec(taskDecider).given([assigned, cancelled]).when(reassign()).thenThrows('TASK_CANCELLED');
      spec(taskDecider).given([assigned]).when(reassign({}, leadOfficer)).thenThrows('ROLE_NOT_ALLOWED');
      spec(taskDecider).given([]).when(reassign()).thenThrows('TASK_NOT_FOUND');
    });
  });

  describe('CompleteTask', () => {
    it('completes a task', () => {
      spec(taskDecider)
        .given([assigned])
        .when(complete('Đạt yêu cầu'))
        .then([taskCompleted({ taskId: TASK, note: 'Đạt yêu cầu', completedAt: NOW })]);
    });

    it('refuses while a report waits for review', () => {
      spec(taskDecider).given([assigned, submittedEvent()]).when(complete()).thenThrows('REPORT_PENDING_REVIEW');
    });

    it('refuses twice, after a cancellation, and for others than the committee', () => {
      spec(taskDecider).given([assigned, completed]).when(complete()).thenThrows('TASK_COMPLETED');
      spec(taskDecider).given([assigned, cancelled]).when(complete()).thenThrows('TASK_CANCELLED');
      spec(taskDecider).given([assigned]).when(complete(null, leadOfficer)).thenThrows('ROLE_NOT_ALLOWED');
      spec(taskDecider).given([assigned]).when(complete(null, auditor)).thenThrows('ROLE_NOT_ALLOWED');
    });
  });

  describe('CancelTask', () => {
    it('cancels with a reason', () => {
      spec(taskDecider)
        .given([assigned])
        .when(cancel())
        .then([taskCancelled({ taskId: TASK, reason: 'Nhiệm vụ trùng với Kế hoạch khác', cancelledAt: NOW })]);
    });

    it('refuses without a reason, twice, after completion, and for others than the committee', () => {
      spec(taskDecider).given([assigned]).when(cancel('')).thenThrows('REASON_REQUIRED');
      spec(taskDecider).given([assigned, cancelled]).when(cancel()).thenThrows('TASK_CANCELLED');
      spec(taskDecider).given([assigned, completed]).when(cancel()).thenThrows('TASK_COMPLETED');
      spec(taskDecider).given([assigned]).when(cancel('x', leadOfficer)).thenThrows('ROLE_NOT_ALLOWED');
      spec(taskDecider).given([]).when(cancel()).thenThrows('TASK_NOT_FOUND');
    });
  });

  describe('evolve', () => {
    it('folds the life of a task into its state', () => {
      const returned = reportReturned({ taskId: TASK, reportId: 'r-1', periodId: '2019-12', reason: 'Thiếu', returnedAt: NOW });
      const resubmitted = submittedEvent({ reportId: 'r-2', late: true, submittedAt: '2019-12-22T01:00:00.000Z' });
      const accepted = reportAccepted({ taskId: TASK, reportId: 'r-2', periodId: '2019-12', acceptedAt: NOW });
      const s = state([assigned, requestedEvent(), grantedEvent(), submittedEvent(), returned, resubmitted, accepted, completed]);
      expect(s.status).toBe('completed');
      if (s.status !== 'completed') return;
      expect(s.reports.map((r) => [r.reportId, r.status, r.late])).toEqual([
        ['r-1', 'returned', false],
        ['r-2', 'accepted', true],
      ]);
      expect(s.reports[0].returnReason).toBe('Thiếu');
      expect(s.extensions).toEqual([
        expect.objectContaining({ extensionId: 'x-1', status: 'granted', newDueAt: '2019-12-27T17:00:00.000Z' }),
      ]);
      expect(s.completedAt).toBe(NOW);
    });

    it('records a cancellation with its reason', () => {
      expect(state([assigned, cancelled])).toMatchObject({ status: 'cancelled', cancellationReason: 'Trùng lặp', leadAgency: 'SO_Y_TE' });
    });
  });
});
