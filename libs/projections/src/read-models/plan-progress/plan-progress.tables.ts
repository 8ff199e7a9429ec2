import { TableSpec } from '../../engine/projection';
import { TaskLifecycle } from '../task-board/task-board.tables';

/**
 * Per plan, the counters that do not depend on time. Tasks by status class and the reports
 * expected for the current period are computed at query time from the task board.
 */
export interface PlanProgressRow {
  plan_id: string;
  number: string | null;
  title: string | null;
  issuer_agency: string | null;
  monitoring_agency: string | null;
  issued_on: string | null;
  period_start: string | null;
  period_end: string | null;
  tasks_total: number;
  tasks_active: number;
  tasks_completed: number;
  tasks_cancelled: number;
  reports_submitted: number;
  reports_late: number;
  reports_accepted: number;
  reports_returned: number;
  reassignments: number;
  last_activity_at: string | null;
  last_position: number;
}

export interface PlanProgressTaskRow {
  task_id: string;
  plan_id: string;
  lifecycle: TaskLifecycle;
}

export const PLAN_PROGRESS: TableSpec<PlanProgressRow> = {
  name: 'plan_progress',
  key: ['plan_id'],
  columns: [
    'plan_id',
    'number',
    'title',
    'issuer_agency',
    'monitoring_agency',
    'issued_on',
    'period_start',
    'period_end',
    'tasks_total',
    'tasks_active',
    'tasks_completed',
    'tasks_cancelled',
    'reports_submitted',
    'reports_late',
    'reports_accepted',
    'reports_returned',
    'reassignments',
    'last_activity_at',
    'last_position',
  ],
};

export const PLAN_PROGRESS_TASKS: TableSpec<PlanProgressTaskRow> = {
  name: 'plan_progress_tasks',
  key: ['task_id'],
  columns: ['task_id', 'plan_id', 'lifecycle'],
};
