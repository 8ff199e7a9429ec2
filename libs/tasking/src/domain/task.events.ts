import { ReportingSchedule } from '@dondoc/calendar/reporting-schedule';
import { Instant, LocalDate, TaskingEvent } from './tasking.types';
import { IndicatorValue } from './task.commands';

/** Persisted event type strings of `task-<taskId>` streams: never rename. */
export const TaskEventType = {
  TaskAssigned: 'TaskAssigned',
  ReportSubmitted: 'ReportSubmitted',
  ReportAccepted: 'ReportAccepted',
  ReportReturned: 'ReportReturned',
  ExtensionRequested: 'ExtensionRequested',
  ExtensionGranted: 'ExtensionGranted',
  ExtensionRefused: 'ExtensionRefused',
  TaskReassigned: 'TaskReassigned',
  TaskCompleted: 'TaskCompleted',
  TaskCancelled: 'TaskCancelled',
} as const;
type T = typeof TaskEventType;

/** Current schema version of each event type; raise it with an upcaster when a shape changes. */
export const TASK_EVENT_SCHEMA_VERSIONS: Readonly<Record<keyof T, number>> = {
  TaskAssigned: 1,
  ReportSubmitted: 1,
  ReportAccepted: 1,
  ReportReturned: 1,
  ExtensionRequested: 1,
  ExtensionGranted: 1,
  ExtensionRefused: 1,
  TaskReassigned: 1,
  TaskCompleted: 1,
  TaskCancelled: 1,
};

export interface TaskAssignedData {
  taskId: string;
  planId: string;
  title: string;
  text: string;
  leadAgency: string;
  coordinatingAgencies: string[];
  partners: string[];
  dueDate: LocalDate | null;
  reportingSchedule: ReportingSchedule | null;
  sourceRef: string | null;
  assignedAt: Instant;
}

export interface ReportSubmittedData {
  taskId: string;
  reportId: string;
  periodId: string;
  text: string;
  progressPercent: number;
  indicatorValues: IndicatorValue[];
  /** The deadline the report was judged against (after any granted extension). */
  dueAt: Instant;
  /** Submitted at or after `dueAt`. */
  late: boolean;
  /** The granted extension that set `dueAt`, if any. */
  extensionId: string | null;
  submittedAt: Instant;
}

export interface ReportAcceptedData {
  taskId: string;
  reportId: string;
  periodId: string;
  acceptedAt: Instant;
}

export interface ReportReturnedData {
  taskId: string;
  reportId: string;
  periodId: string;
  reason: string;
  returnedAt: Instant;
}

export interface ExtensionRequestedData {
  taskId: string;
  extensionId: string;
  periodId: string;
  requestedDueDate: LocalDate;
  requestedDueAt: Instant;
  /** The deadline in force when the request was made. */
  currentDueAt: Instant;
  reason: string;
  requestedAt: Instant;
}

export interface ExtensionGrantedData {
  taskId: string;
  extensionId: string;
  periodId: string;
  newDueDate: LocalDate;
  newDueAt: Instant;
  grantedAt: Instant;
}

export interface ExtensionRefusedData {
  taskId: string;
  extensionId: string;
  periodId: string;
  reason: string;
  refusedAt: Instant;
}

export interface TaskReassignedData {
  taskId: string;
  previousLeadAgency: string;
  newLeadAgency: string;
  reason: string;
  reassignedAt: Instant;
}

export interface TaskCompletedData {
  taskId: string;
  note: string | null;
  completedAt: Instant;
}

export interface TaskCancelledData {
  taskId: string;
  reason: string;
  cancelledAt: Instant;
}

export type TaskAssigned = TaskingEvent<T['TaskAssigned'], TaskAssignedData>;
export type ReportSubmitted = TaskingEvent<T['ReportSubmitted'], ReportSubmittedData>;
export type ReportAccepted = TaskingEvent<T['ReportAccepted'], ReportAcceptedData>;
export type ReportReturned = TaskingEvent<T['ReportReturned'], ReportReturnedData>;
export type ExtensionRequested = TaskingEvent<T['ExtensionRequested'], ExtensionRequestedData>;
export type ExtensionGranted = TaskingEvent<T['ExtensionGranted'], ExtensionGrantedData>;
export type ExtensionRefused = TaskingEvent<T['ExtensionRefused'], ExtensionRefusedData>;
export type TaskReassigned = TaskingEvent<T['TaskReassigned'], TaskReassignedData>;
export type TaskCompleted = TaskingEvent<T['TaskCompleted'], TaskCompletedData>;
export type TaskCancelled = TaskingEvent<T['TaskCancelled'], TaskCancelledData>;

export type TaskEvent =
  | TaskAssigned
  | ReportSubmitted
  | ReportAccepted
  | ReportReturned
  | ExtensionRequested
  | ExtensionGranted
  | ExtensionRefused
  | TaskReassigned
  | TaskCompleted
  | TaskCancelled;

const make =
  <K extends keyof T, D>(type: K) =>
  (data: D): TaskingEvent<T[K], D> => ({ type: TaskEventType[type], schemaVersion: TASK_EVENT_SCHEMA_VERSIONS[type], data });

export const taskAssigned = make<'TaskAssigned', TaskAssignedData>('TaskAssigned');
export const reportSubmitted = make<'ReportSubmitted', ReportSubmittedData>('ReportSubmitted');
export const reportAccepted = make<'ReportAccepted', ReportAcceptedData>('ReportAccepted');
export const reportReturned = make<'ReportReturned', ReportReturnedData>('ReportReturned');
export const extensionRequested = make<'ExtensionRequested', ExtensionRequestedData>('ExtensionRequested');
export const extensionGranted = make<'ExtensionGranted', ExtensionGrantedData>('ExtensionGranted');
export const extensionRefused = make<'ExtensionRefused', ExtensionRefusedData>('ExtensionRefused');
export const taskReassigned = make<'TaskReassigned', TaskReassignedData>('TaskReassigned');
export const taskCompleted = make<'TaskCompleted', TaskCompletedData>('TaskCompleted');
export const taskCancelled = make<'TaskCancelled', TaskCancelledData>('TaskCancelled');
