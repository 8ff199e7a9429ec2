import { TableSpec } from '../../engine/projection';
import { TaskLifecycle } from '../task-board/task-board.tables';

/**
 * Per agency, the counters that do not depend on time. What does (reports due so far, overdue,
 * on-time rate) is computed at query time from the obligations against the clock.
 */
export interface AgencyScorecardRow {
  agency_code: string;
  /** Null until the agency's AgencyRegistered event is seen. */
  name_vi: string | null;
  level: string | null;
  kind: string | null;
  /** Tasks it leads (chủ trì) now, whatever their state. */
  tasks_lead: number;
  tasks_open: number;
  tasks_completed: number;
  tasks_cancelled: number;
  /** Tasks it coordinates (phối hợp). */
  tasks_coordinating: number;
  reports_submitted: number;
  reports_late: number;
  reports_accepted: number;
  reports_returned: number;
  extensions_requested: number;
  extensions_granted: number;
  reassigned_in: number;
  reassigned_out: number;
  last_position: number;
}

/** Which agency answers for a task now, so that report events (which name only the task) are counted for it. */
export interface ScorecardTaskRow {
  task_id: string;
  lead_agency: string;
  coordinating_agencies: string[];
  lifecycle: TaskLifecycle;
}

export const AGENCY_SCORECARD: TableSpec<AgencyScorecardRow> = {
  name: 'agency_scorecard',
  key: ['agency_code'],
  columns: [
    'agency_code',
    'name_vi',
    'level',
    'kind',
    'tasks_lead',
    'tasks_open',
    'tasks_completed',
    'tasks_cancelled',
    'tasks_coordinating',
    'reports_submitted',
    'reports_late',
    'reports_accepted',
    'reports_returned',
    'extensions_requested',
    'extensions_granted',
    'reassigned_in',
    'reassigned_out',
    'last_position',
  ],
};

export const AGENCY_SCORECARD_TASKS: TableSpec<ScorecardTaskRow> = {
  name: 'agency_scorecard_tasks',
  key: ['task_id'],
  columns: ['task_id', 'lead_agency', 'coordinating_agencies', 'lifecycle'],
};

/**
 * Agency successions (AgencySucceeded): from `effective_at` (00:00 of `effective_on`,
 * Asia/Ho_Chi_Minh) the work of `agency_code` is `successor_code`'s. The queries show each task
 * under the agency that answers for it at their clock time; `recorded_at` (when the succession
 * was recorded) lets a replay as of an earlier instant leave out what was not known then.
 * Rows are never changed: a succession is recorded once and not undone.
 */
export interface AgencySuccessionRow {
  agency_code: string;
  successor_code: string;
  effective_on: string;
  effective_at: string;
  reason: string;
  recorded_at: string;
  last_position: number;
}

export const AGENCY_SUCCESSIONS: TableSpec<AgencySuccessionRow> = {
  name: 'agency_successions',
  key: ['agency_code'],
  columns: ['agency_code', 'successor_code', 'effective_on', 'effective_at', 'reason', 'recorded_at', 'last_position'],
};
