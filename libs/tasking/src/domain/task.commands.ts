import { ReportingSchedule } from '@dondoc/calendar/reporting-schedule';
import { Instant, LocalDate, TaskingCommand } from './tasking.types';

/** The period id of a task's one-off due date (recurring periods have calendar ids like `2019-12`). */
export const DUE_PERIOD_ID = 'due';

/** A measured value reported against one of the plan's indicators (e.g. `94-CT-1`). */
export interface IndicatorValue {
  indicatorId: string;
  value: number;
  note: string | null;
}

export type AssignTask = TaskingCommand<
  'AssignTask',
  {
    taskId: string;
    planId: string;
    title: string;
    text: string;
    /** The one lead agency (chủ trì). */
    leadAgency: string;
    /** Coordinating agencies (phối hợp), registered codes. */
    coordinatingAgencies: string[];
    /** Partners named only generically ("các ngành chức năng"): kept as text, nobody reports for them. */
    partners: string[];
    dueDate: LocalDate | null;
    reportingSchedule: ReportingSchedule | null;
    /** Where the task comes from in the plan, e.g. `118-III-1-a`. */
    sourceRef: string | null;
  }
>;

export type SubmitReport = TaskingCommand<
  'SubmitReport',
  {
    taskId: string;
    reportId: string;
    /** A period id of the task's schedule, or `due` for its one-off due date. */
    periodId: string;
    text: string;
    progressPercent: number;
    indicatorValues: IndicatorValue[];
    /**
     * The period's deadline, resolved by the handler from the calendar: after the granted
     * extension `extensionId`, or before any (null: the task has no such period). A report at
     * or after it is late.
     */
    dueAt: Instant | null;
    /** The granted extension `dueAt` is the deadline of (absent or null: none). */
    extensionId?: string | null;
  }
>;

export type ReviewReport = TaskingCommand<
  'ReviewReport',
  | { taskId: string; reportId: string; decision: 'accept' }
  /** A returned report reopens its period: the agency reports again. */
  | { taskId: string; reportId: string; decision: 'return'; reason: string }
>;

export type RequestExtension = TaskingCommand<
  'RequestExtension',
  {
    taskId: string;
    extensionId: string;
    periodId: string;
    requestedDueDate: LocalDate;
    reason: string;
    /** Resolved by the handler: the period's deadline, after the granted extension `currentExtensionId` or before any (null: no such period). */
    dueAt: Instant | null;
    /** The granted extension `dueAt` is the deadline of (absent or null: none). */
    currentExtensionId?: string | null;
    /** Resolved by the handler: the instant a deadline on `requestedDueDate` passes. */
    requestedDueAt: Instant;
  }
>;

export type DecideExtension = TaskingCommand<
  'DecideExtension',
  /** `newDueAt` is resolved by the handler from `newDueDate` through the calendar. */
  | { taskId: string; extensionId: string; decision: 'grant'; newDueDate: LocalDate; newDueAt: Instant }
  | { taskId: string; extensionId: string; decision: 'refuse'; reason: string }
>;

export type ReassignTask = TaskingCommand<'ReassignTask', { taskId: string; newLeadAgency: string; reason: string }>;

export type CompleteTask = TaskingCommand<'CompleteTask', { taskId: string; note: string | null }>;

export type CancelTask = TaskingCommand<'CancelTask', { taskId: string; reason: string }>;

export type TaskCommand =
  | AssignTask
  | SubmitReport
  | ReviewReport
  | RequestExtension
  | DecideExtension
  | ReassignTask
  | CompleteTask
  | CancelTask;
