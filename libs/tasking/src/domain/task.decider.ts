import { assertNever, Decider } from '@dondoc/event-store/decider/decider';
import { invalid } from '@dondoc/platform/errors/domain-error';
import {
  AssignTask,
  CancelTask,
  CompleteTask,
  DecideExtension,
  IndicatorValue,
  ReassignTask,
  RequestExtension,
  ReviewReport,
  SubmitReport,
  TaskCommand,
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
import { assertActsForLeadAgency, assertRoleAllowed, ACTION_LABELS_VI, TaskingAction } from './authorization';
import { TaskingErrors } from './tasking.errors';
import { Instant, isAfter, isAtOrAfter, LocalDate, MAX_REASON_LENGTH, MAX_TEXT_LENGTH, MAX_TITLE_LENGTH } from './tasking.types';
import {
  assertValidSchedule,
  optionalText,
  requireAgencyCode,
  requireDate,
  requireId,
  requireReason,
  requireText,
} from './validation';

export interface ReportRecord {
  reportId: string;
  periodId: string;
  text: string;
  progressPercent: number;
  indicatorValues: IndicatorValue[];
  dueAt: Instant;
  late: boolean;
  extensionId: string | null;
  submittedAt: Instant;
  /** `returned` reopens the period. */
  status: 'submitted' | 'accepted' | 'returned';
  reviewedAt: Instant | null;
  returnReason: string | null;
}

export interface ExtensionRecord {
  extensionId: string;
  periodId: string;
  requestedDueDate: LocalDate;
  requestedDueAt: Instant;
  currentDueAt: Instant;
  reason: string;
  requestedAt: Instant;
  status: 'requested' | 'granted' | 'refused';
  newDueDate: LocalDate | null;
  newDueAt: Instant | null;
  refusalReason: string | null;
  decidedAt: Instant | null;
}

/** What every assigned task knows; reports and extensions in the order they happened. */
export interface TaskFacts extends TaskAssignedData {
  reports: ReportRecord[];
  extensions: ExtensionRecord[];
}

export type TaskState =
  | { status: 'unassigned' }
  | ({ status: 'active' } & TaskFacts)
  | ({ status: 'completed'; completedAt: Instant; completionNote: string | null } & TaskFacts)
  | ({ status: 'cancelled'; cancelledAt: Instant; cancellationReason: string } & TaskFacts);

type ActiveTask = Extract<TaskState, { status: 'active' }>;
type AssignedTask = Exclude<TaskState, { status: 'unassigned' }>;

export const initialTaskState = (): TaskState => ({ status: 'unassigned' });

const MAX_INDICATOR_VALUES = 200;
const MAX_PARTNERS = 100;
const MAX_COORDINATING = 200;

/** The deadline in force for a period: the latest granted extension, else the calendar's. */
export function grantedExtensionFor(task: { extensions: readonly ExtensionRecord[] }, periodId: string): ExtensionRecord | null {
  const granted = task.extensions.filter((e) => e.periodId === periodId && e.status === 'granted');
  return granted.length ? granted[granted.length - 1] : null;
}

/**
 * The deadline a command is judged against: the one the handler resolved on the calendar when
 * it is the deadline of the period's granted extension (or the period has none); else, for an
 * extension granted after the handler looked (a race the runner replays), the deadline recorded
 * when it was granted.
 */
function currentDueAt(extension: ExtensionRecord | null, resolved: Instant, resolvedExtensionId: string | null | undefined): Instant {
  if (!extension || extension.extensionId === (resolvedExtensionId ?? null)) return resolved;
  return extension.newDueAt ?? resolved;
}

export function decideTask(command: TaskCommand, state: TaskState): TaskEvent[] {
  assertRoleAllowed(command.metadata.actor, command.type);
  switch (command.type) {
    case 'AssignTask':
      return assign(command, state);
    case 'SubmitReport':
      return submitReport(command, openTask(state, command));
    case 'ReviewReport':
      return reviewReport(command, openTask(state, command));
    case 'RequestExtension':
      return requestExtension(command, openTask(state, command));
    case 'DecideExtension':
      return decideExtension(command, openTask(state, command));
    case 'ReassignTask':
      return reassign(command, openTask(state, command));
    case 'CompleteTask':
      return complete(command, openTask(state, command));
    case 'CancelTask':
      return cancel(command, openTask(state, command));
    default:
      return assertNever(command, 'task command');
  }
}

/**
 * The task a command acts on, in this order: it must exist (404), the agency officer must be
 * its lead agency's (403, before anything about the task is revealed), and it must still be
 * open (409 `TASK_CANCELLED` / `TASK_COMPLETED`).
 */
function openTask(state: TaskState, command: Exclude<TaskCommand, AssignTask>): ActiveTask {
  const action: TaskingAction = command.type;
  if (state.status === 'unassigned') throw TaskingErrors.taskNotFound(command.data.taskId);
  assertActsForLeadAgency(command.metadata.actor, action, state.leadAgency, command.metadata.successions);
  switch (state.status) {
    case 'active':
      return state;
    case 'cancelled':
      throw TaskingErrors.taskCancelled(ACTION_LABELS_VI[action]);
    case 'completed':
      throw TaskingErrors.taskCompleted(ACTION_LABELS_VI[action]);
    default:
      return assertNever(state, 'task status');
  }
}

function assign(command: AssignTask, state: TaskState): TaskEvent[] {
  const { data } = command;
  if (state.status !== 'unassigned') throw TaskingErrors.taskAlreadyAssigned(state.taskId);
  const leadAgency = requireAgencyCode('leadAgency', data.leadAgency);
  const coordinating = (data.coordinatingAgencies ?? []).map((code, i) => requireAgencyCode(`coordinatingAgencies[${i}]`, code));
  if (coordinating.length > MAX_COORDINATING) throw invalid('TOO_MANY_AGENCIES', `Tối đa ${MAX_COORDINATING} cơ quan phối hợp`);
  const seen = new Set<string>();
  for (const code of coordinating) {
    if (code === leadAgency) throw TaskingErrors.leadAlsoCoordinating(code);
    if (seen.has(code)) throw TaskingErrors.coordinatingDuplicated(code);
    seen.add(code);
  }
  const partners = (data.partners ?? []).map((p, i) => requireText(`partners[${i}]`, p, 500));
  if (partners.length > MAX_PARTNERS) throw invalid('TOO_MANY_PARTNERS', `Tối đa ${MAX_PARTNERS} đối tác`);
  const dueDate = data.dueDate == null ? null : requireDate('dueDate', data.dueDate);
  const reportingSchedule = data.reportingSchedule == null ? null : assertValidSchedule(data.reportingSchedule);
  if (dueDate === null && reportingSchedule === null) throw TaskingErrors.obligationRequired();
  return [
    taskAssigned({
      taskId: requireId('taskId', data.taskId),
      planId: requireId('planId', data.planId),
      title: requireText('title', data.title, MAX_TITLE_LENGTH),
      text: optionalText('text', data.text, MAX_TEXT_LENGTH) ?? '',
      leadAgency,
      coordinatingAgencies: coordinating,
      partners,
      dueDate,
      reportingSchedule,
      sourceRef: optionalText('sourceRef', data.sourceRef, 200),
      assignedAt: command.metadata.now,
    }),
  ];
}

function submitReport(command: SubmitReport, task: ActiveTask): TaskEvent[] {
  const { data, metadata } = command;
  const reportId = requireId('reportId', data.reportId);
  if (task.reports.some((r) => r.reportId === reportId)) throw TaskingErrors.reportAlreadyExists(reportId);
  if (data.dueAt === null) throw TaskingErrors.periodNotInObligation(data.periodId);
  if (task.reports.some((r) => r.periodId === data.periodId && r.status !== 'returned')) {
    throw TaskingErrors.periodAlreadyReported(data.periodId);
  }
  if (!Number.isInteger(data.progressPercent) || data.progressPercent < 0 || data.progressPercent > 100) {
    throw TaskingErrors.progressOutOfRange(data.progressPercent);
  }
  const indicatorValues = checkIndicatorValues(data.indicatorValues ?? []);
  const extension = grantedExtensionFor(task, data.periodId);
  const dueAt = currentDueAt(extension, data.dueAt, data.extensionId);
  return [
    reportSubmitted({
      taskId: task.taskId,
      reportId,
      periodId: data.periodId,
      text: requireText('text', data.text, MAX_TEXT_LENGTH),
      progressPercent: data.progressPercent,
      indicatorValues,
      dueAt,
      late: isAtOrAfter(metadata.now, dueAt),
      extensionId: extension?.extensionId ?? null,
      submittedAt: metadata.now,
    }),
  ];
}

function checkIndicatorValues(values: IndicatorValue[]): IndicatorValue[] {
  if (values.length > MAX_INDICATOR_VALUES) {
    throw invalid('TOO_MANY_INDICATOR_VALUES', `Tối đa ${MAX_INDICATOR_VALUES} giá trị chỉ tiêu trong một báo cáo`);
  }
  const seen = new Set<string>();
  return values.map((v, i) => {
    const indicatorId = requireText(`indicatorValues[${i}].indicatorId`, v.indicatorId, 64);
    if (seen.has(indicatorId)) {
      throw invalid('INDICATOR_DUPLICATED', `Chỉ tiêu ${indicatorId} được báo cáo nhiều lần`, { indicatorId });
    }
    seen.add(indicatorId);
    if (typeof v.value !== 'number' || !Number.isFinite(v.value)) {
      throw invalid('INDICATOR_VALUE_INVALID', `indicatorValues[${i}].value: phải là một số`);
    }
    return { indicatorId, value: v.value, note: optionalText(`indicatorValues[${i}].note`, v.note, 2000) };
  });
}

function reviewReport(command: ReviewReport, task: ActiveTask): TaskEvent[] {
  const { data, metadata } = command;
  const report = task.reports.find((r) => r.reportId === data.reportId);
  if (!report) throw TaskingErrors.reportNotFound(data.reportId);
  if (report.status !== 'submitted') throw TaskingErrors.reportAlreadyReviewed(report.reportId);
  const base = { taskId: task.taskId, reportId: report.reportId, periodId: report.periodId };
  switch (data.decision) {
    case 'accept':
      return [reportAccepted({ ...base, acceptedAt: metadata.now })];
    case 'return':
      return [reportReturned({ ...base, reason: requireReason(data.reason, MAX_REASON_LENGTH), returnedAt: metadata.now })];
    default:
      return assertNever(data, 'review decision');
  }
}

function requestExtension(command: RequestExtension, task: ActiveTask): TaskEvent[] {
  const { data, metadata } = command;
  const extensionId = requireId('extensionId', data.extensionId);
  if (task.extensions.some((e) => e.extensionId === extensionId)) throw TaskingErrors.extensionAlreadyExists(extensionId);
  if (data.dueAt === null) throw TaskingErrors.periodNotInObligation(data.periodId);
  const pending = task.extensions.find((e) => e.periodId === data.periodId && e.status === 'requested');
  if (pending) throw TaskingErrors.extensionAlreadyPending(data.periodId, pending.extensionId);
  if (task.reports.some((r) => r.periodId === data.periodId && r.status !== 'returned')) {
    throw TaskingErrors.periodAlreadyReported(data.periodId);
  }
  const requestedDueDate = requireDate('requestedDueDate', data.requestedDueDate);
  const reason = requireReason(data.reason, MAX_REASON_LENGTH);
  const current = currentDueAt(grantedExtensionFor(task, data.periodId), data.dueAt, data.currentExtensionId);
  if (!isAfter(data.requestedDueAt, current)) throw TaskingErrors.extensionNotLater(current);
  return [
    extensionRequested({
      taskId: task.taskId,
      extensionId,
      periodId: data.periodId,
      requestedDueDate,
      requestedDueAt: data.requestedDueAt,
      currentDueAt: current,
      reason,
      requestedAt: metadata.now,
    }),
  ];
}

function decideExtension(command: DecideExtension, task: ActiveTask): TaskEvent[] {
  const { data, metadata } = command;
  const extension = task.extensions.find((e) => e.extensionId === data.extensionId);
  if (!extension) throw TaskingErrors.extensionNotFound(data.extensionId);
  if (extension.status !== 'requested') throw TaskingErrors.extensionAlreadyDecided(extension.extensionId);
  const base = { taskId: task.taskId, extensionId: extension.extensionId, periodId: extension.periodId };
  switch (data.decision) {
    case 'grant': {
      const newDueDate = requireDate('newDueDate', data.newDueDate);
      // The deadline in force when it was asked for (after any earlier grant, moved by days
      // declared off): no other grant can come between a request and its decision.
      const inForce = extension.currentDueAt;
      if (!isAfter(data.newDueAt, inForce)) throw TaskingErrors.extensionNotLater(inForce);
      return [extensionGranted({ ...base, newDueDate, newDueAt: data.newDueAt, grantedAt: metadata.now })];
    }
    case 'refuse':
      return [extensionRefused({ ...base, reason: requireReason(data.reason, MAX_REASON_LENGTH), refusedAt: metadata.now })];
    default:
      return assertNever(data, 'extension decision');
  }
}

function reassign(command: ReassignTask, task: ActiveTask): TaskEvent[] {
  const { data, metadata } = command;
  const newLeadAgency = requireAgencyCode('newLeadAgency', data.newLeadAgency);
  if (newLeadAgency === task.leadAgency) throw TaskingErrors.sameLeadAgency(newLeadAgency);
  return [
    taskReassigned({
      taskId: task.taskId,
      previousLeadAgency: task.leadAgency,
      newLeadAgency,
      reason: requireReason(data.reason, MAX_REASON_LENGTH),
      reassignedAt: metadata.now,
    }),
  ];
}

function complete(command: CompleteTask, task: ActiveTask): TaskEvent[] {
  const pending = task.reports.filter((r) => r.status === 'submitted').map((r) => r.reportId);
  if (pending.length) throw TaskingErrors.reportPendingReview(pending);
  return [
    taskCompleted({
      taskId: task.taskId,
      note: optionalText('note', command.data.note, MAX_REASON_LENGTH),
      completedAt: command.metadata.now,
    }),
  ];
}

function cancel(command: CancelTask, task: ActiveTask): TaskEvent[] {
  return [
    taskCancelled({
      taskId: task.taskId,
      reason: requireReason(command.data.reason, MAX_REASON_LENGTH),
      cancelledAt: command.metadata.now,
    }),
  ];
}

export function evolveTask(state: TaskState, event: TaskEvent): TaskState {
  if (event.type === 'TaskAssigned') {
    return { status: 'active', ...event.data, reports: [], extensions: [] };
  }
  if (state.status === 'unassigned') return state;
  return evolveAssigned(state, event);
}

function evolveAssigned(task: AssignedTask, event: TaskEvent): TaskState {
  switch (event.type) {
    case 'TaskAssigned':
      return task;
    case 'ReportSubmitted': {
      const { taskId: _, ...report } = event.data;
      return {
        ...task,
        reports: [...task.reports, { ...report, status: 'submitted', reviewedAt: null, returnReason: null }],
      };
    }
    case 'ReportAccepted':
      return updateReport(task, event.data.reportId, { status: 'accepted', reviewedAt: event.data.acceptedAt });
    case 'ReportReturned':
      return updateReport(task, event.data.reportId, {
        status: 'returned',
        reviewedAt: event.data.returnedAt,
        returnReason: event.data.reason,
      });
    case 'ExtensionRequested': {
      const { taskId: _, ...request } = event.data;
      return {
        ...task,
        extensions: [
          ...task.extensions,
          { ...request, status: 'requested', newDueDate: null, newDueAt: null, refusalReason: null, decidedAt: null },
        ],
      };
    }
    case 'ExtensionGranted':
      return updateExtension(task, event.data.extensionId, {
        status: 'granted',
        newDueDate: event.data.newDueDate,
        newDueAt: event.data.newDueAt,
        decidedAt: event.data.grantedAt,
      });
    case 'ExtensionRefused':
      return updateExtension(task, event.data.extensionId, {
        status: 'refused',
        refusalReason: event.data.reason,
        decidedAt: event.data.refusedAt,
      });
    case 'TaskReassigned':
      return {
        ...task,
        leadAgency: event.data.newLeadAgency,
        coordinatingAgencies: task.coordinatingAgencies.filter((code) => code !== event.data.newLeadAgency),
      };
    case 'TaskCompleted':
      return { ...facts(task), status: 'completed', completedAt: event.data.completedAt, completionNote: event.data.note };
    case 'TaskCancelled':
      return {
        ...facts(task),
        status: 'cancelled',
        cancelledAt: event.data.cancelledAt,
        cancellationReason: event.data.reason,
      };
    default:
      return assertNever(event, 'task event');
  }
}

function facts(task: AssignedTask): TaskFacts {
  const { status: _, ...rest } = task;
  return rest as TaskFacts;
}

function updateReport(task: AssignedTask, reportId: string, change: Partial<ReportRecord>): AssignedTask {
  return { ...task, reports: task.reports.map((r) => (r.reportId === reportId ? { ...r, ...change } : r)) };
}

function updateExtension(task: AssignedTask, extensionId: string, change: Partial<ExtensionRecord>): AssignedTask {
  return { ...task, extensions: task.extensions.map((e) => (e.extensionId === extensionId ? { ...e, ...change } : e)) };
}

/** `task-<taskId>` streams: assignment, reports and their review, extensions, reassignment, end. */
export const taskDecider: Decider<TaskCommand, TaskState, TaskEvent> = {
  initialState: initialTaskState,
  decide: decideTask,
  evolve: evolveTask,
};
