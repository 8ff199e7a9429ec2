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
