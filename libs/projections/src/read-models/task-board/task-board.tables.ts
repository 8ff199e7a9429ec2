import { ReportingSchedule } from '@dondoc/calendar';
import { TableSpec } from '../../engine/projection';

/**
 * Rows of the `task-board` projection as the engine moves them (column names, JSON values).
 * The TypeORM entities in task-board.entities.ts describe the same tables for readers.
 */

export type TaskLifecycle = 'active' | 'completed' | 'cancelled';
/**
 * `open`: demanded, no report standing; `satisfied`: a report stands (submitted or accepted);
 * `missed`: the task was completed with this period never reported; `cancelled`: the task was.
 * Periods after a task's completion are no longer demanded: their rows are deleted.
 */
export type ObligationState = 'open' | 'satisfied' | 'missed' | 'cancelled';
export type ReportStatus = 'submitted' | 'accepted' | 'returned';
export type ExtensionStatus = 'requested' | 'granted' | 'refused';

/** One row per task: who, what, until when, and the time-free facts its status is computed from. */
export interface TaskBoardRow {
  task_id: string;
  plan_id: string;
  plan_number: string | null;
  title: string;
  lead_agency: string;
  coordinating_agencies: string[];
  source_ref: string | null;
  due_date: string | null;
  /** Deadline of the one-off due date, after any extension. */
  due_at: string | null;
  reporting_schedule: ReportingSchedule | null;
  assigned_at: string;
  lifecycle: TaskLifecycle;
  completed_at: string | null;
  /** Set on completion: some demanded report was late or missing, or the task was completed after its due date. */
  completed_late: boolean | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
  obligations_total: number;
  obligations_satisfied: number;
  obligations_late: number;
  /** The earliest open obligation: the task is overdue from its due_at, due soon from its due_soon_at. */
  open_period_id: string | null;
  open_due_at: string | null;
  open_due_soon_at: string | null;
  /** The obligation met most recently, for "done on time / late" between deadlines. */
  last_satisfied_at: string | null;
  last_satisfied_late: boolean | null;
  last_report_id: string | null;
  last_report_period_id: string | null;
  last_report_at: string | null;
  last_report_status: ReportStatus | null;
  last_report_late: boolean | null;
  last_progress_percent: number | null;
  extensions_pending: number;
  extensions_granted: number;
  reassignments: number;
  /** Filled by the follow-up context's reminders (none yet). */
  reminder_count: number;
  stream_version: number;
  last_position: number;
}

/** One row per task × period (or `due`): the deadline, and whether and when it was met. */
export interface ObligationRow {
  task_id: string;
  period_id: string;
  plan_id: string;
  /** The agency answerable: the lead agency, moved on reassignment while the obligation is open. */
  agency: string;
  nominal_date: string | null;
  original_due_at: string;
  due_date: string | null;
  due_at: string;
  due_soon_at: string;
  state: ObligationState;
  submitted_at: string | null;
  report_id: string | null;
  late: boolean | null;
  accepted_at: string | null;
  returned_at: string | null;
  returns: number;
  extension_id: string | null;
  extension_status: ExtensionStatus | null;
  last_position: number;
  /** The new date of the granted extension the deadline is on (null: none); a declared day off moves it like any deadline. */
  extended_to: string | null;
}

/** What the task board needs of a plan (its period decides the obligations of its tasks). */
export interface TaskBoardPlanRow {
  plan_id: string;
  number: string;
  title: string;
  period_start: string;
  period_end: string | null;
  issued_at: string;
}

export const TASK_BOARD: TableSpec<TaskBoardRow> = {
  name: 'task_board',
  key: ['task_id'],
  columns: [
    'task_id',
    'plan_id',
    'plan_number',
    'title',
    'lead_agency',
    'coordinating_agencies',
    'source_ref',
    'due_date',
    'due_at',
    'reporting_schedule',
    'assigned_at',
    'lifecycle',
    'completed_at',
    'completed_late',
    'cancelled_at',
    'cancel_reason',
    'obligations_total',
    'obligations_satisfied',
    'obligations_late',
    'open_period_id',
    'open_due_at',
    'open_due_soon_at',
    'last_satisfied_at',
    'last_satisfied_late',
    'last_report_id',
    'last_report_period_id',
    'last_report_at',
    'last_report_status',
    'last_report_late',
    'last_progress_percent',
    'extensions_pending',
    'extensions_granted',
    'reassignments',
    'reminder_count',
    'stream_version',
    'last_position',
  ],
};

export const OBLIGATIONS: TableSpec<ObligationRow> = {
  name: 'obligations',
  key: ['task_id', 'period_id'],
  columns: [
    'task_id',
    'period_id',
    'plan_id',
    'agency',
    'nominal_date',
    'original_due_at',
    'due_date',
    'due_at',
    'due_soon_at',
    'state',
    'submitted_at',
    'report_id',
    'late',
    'accepted_at',
    'returned_at',
    'returns',
    'extension_id',
    'extension_status',
    'last_position',
    'extended_to',
  ],
  groupBy: ['task_id'],
};

export const TASK_BOARD_PLANS: TableSpec<TaskBoardPlanRow> = {
  name: 'task_board_plans',
  key: ['plan_id'],
  columns: ['plan_id', 'number', 'title', 'period_start', 'period_end', 'issued_at'],
};

/**
 * One row per day an administrator declared off or working (`DayOffDeclared` /
 * `WorkingDayDeclared`), in global order: the task board's own copy of the calendar
 * declarations, so that its deadlines follow them without reading anything but its tables.
 */
export interface TaskBoardCalendarRow {
  /** Global position of the declaration. */
  position: number;
  date: string;
  kind: 'day_off' | 'working_day';
  reason: string;
  declared_at: string;
}

export const TASK_BOARD_CALENDAR: TableSpec<TaskBoardCalendarRow> = {
  name: 'task_board_calendar',
  key: ['position'],
  columns: ['position', 'date', 'kind', 'reason', 'declared_at'],
};
