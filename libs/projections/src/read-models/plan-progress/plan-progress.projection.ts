import { PlanEventType, PlanIssued } from '@dondoc/tasking/domain/plan.events';
import { TaskEvent, TaskEventType } from '@dondoc/tasking/domain/task.events';
import { assertNever } from '@dondoc/event-store/decider/decider';
import { ProjectedEvent, Projection, ProjectionTables } from '../../engine/projection';
import { TableBuffer } from '../../engine/table-buffer';
import { PLAN_PROGRESS, PLAN_PROGRESS_TASKS, PlanProgressRow, PlanProgressTaskRow } from './plan-progress.tables';

/** Persisted name (checkpoint row, CLI argument): never rename. */
export const PLAN_PROGRESS_PROJECTION = 'plan-progress';

type PlanProgressEvent = TaskEvent | PlanIssued;

export interface PlanProgressRows {
  plans: TableBuffer<PlanProgressRow>;
  tasks: TableBuffer<PlanProgressTaskRow>;
}

type Counter = Extract<keyof PlanProgressRow, `tasks_${string}` | `reports_${string}` | 'reassignments'>;

const emptyPlan = (planId: string): PlanProgressRow => ({
  plan_id: planId,
  number: null,
  title: null,
  issuer_agency: null,
  monitoring_agency: null,
  issued_on: null,
  period_start: null,
  period_end: null,
  tasks_total: 0,
  tasks_active: 0,
  tasks_completed: 0,
  tasks_cancelled: 0,
  reports_submitted: 0,
  reports_late: 0,
  reports_accepted: 0,
  reports_returned: 0,
  reassignments: 0,
  last_activity_at: null,
  last_position: 0,
});

/** Plan progress: tasks and reports counted per plan. */
export function createPlanProgressProjection(): Projection {
  return {
    name: PLAN_PROGRESS_PROJECTION,
    tables: [PLAN_PROGRESS, PLAN_PROGRESS_TASKS],
    eventTypes: new Set<string>([PlanEventType.PlanIssued, ...Object.values(TaskEventType)]),
    async apply(events: readonly ProjectedEvent[], tables: ProjectionTables): Promise<void> {
      const rows: PlanProgressRows = { plans: tables.table(PLAN_PROGRESS), tasks: tables.table(PLAN_PROGRESS_TASKS) };
      const taskIds = new Set<string>();
      const planIds = new Set<string>();
      for (const event of events) {
        const e = event as unknown as PlanProgressEvent;
        if (e.type === PlanEventType.PlanIssued) planIds.add(e.data.planId);
        else {
          taskIds.add(e.data.taskId);
          if (e.type === TaskEventType.TaskAssigned) planIds.add(e.data.planId);
        }
      }
      await rows.tasks.load([...taskIds].map((task_id) => ({ task_id })));
      for (const taskId of taskIds) {
        const task = rows.tasks.get({ task_id: taskId });
        if (task) planIds.add(task.plan_id);
      }
      await rows.plans.load([...planIds].map((plan_id) => ({ plan_id })));
      for (const event of events) evolvePlanProgress(rows, event);
    },
  };
}

export function evolvePlanProgress(rows: PlanProgressRows, recorded: ProjectedEvent): void {
  const event = recorded as unknown as PlanProgressEvent;
  const position = recorded.globalPosition;
  const occurredAt = new Date(recorded.metadata.occurredAt).toISOString();
  const bump = (planId: string, changes: Partial<Record<Counter, number>>) => {
    const row = { ...(rows.plans.get({ plan_id: planId }) ?? emptyPlan(planId)), last_activity_at: occurredAt, last_position: position };
    for (const [counter, delta] of Object.entries(changes) as [Counter, number][]) row[counter] += delta;
    rows.plans.put(row);
  };

  if (event.type === PlanEventType.PlanIssued) {
    const d = event.data;
    const row = rows.plans.get({ plan_id: d.planId }) ?? emptyPlan(d.planId);
    rows.plans.put({
      ...row,
      number: d.number,
      title: d.title,
      issuer_agency: d.issuerAgency,
      monitoring_agency: d.monitoringAgency,
      issued_on: d.issuedOn,
      period_start: d.period.start,
      period_end: d.period.end,
      last_activity_at: occurredAt,
      last_position: position,
    });
    return;
  }
  if (event.type === TaskEventType.TaskAssigned) {
    const d = event.data;
    if (rows.tasks.get({ task_id: d.taskId })) return;
    rows.tasks.put({ task_id: d.taskId, plan_id: d.planId, lifecycle: 'active' });
    bump(d.planId, { tasks_total: 1, tasks_active: 1 });
    return;
  }
  const task = rows.tasks.get({ task_id: event.data.taskId });
  if (!task) return;
  switch (event.type) {
    case TaskEventType.ReportSubmitted:
      bump(task.plan_id, { reports_submitted: 1, reports_late: event.data.late ? 1 : 0 });
      break;
    case TaskEventType.ReportAccepted:
      bump(task.plan_id, { reports_accepted: 1 });
      break;
    case TaskEventType.ReportReturned:
      bump(task.plan_id, { reports_returned: 1 });
      break;
    case TaskEventType.TaskReassigned:
      bump(task.plan_id, { reassignments: 1 });
      break;
    case TaskEventType.TaskCompleted:
      if (task.lifecycle !== 'active') break;
      bump(task.plan_id, { tasks_active: -1, tasks_completed: 1 });
      rows.tasks.put({ ...task, lifecycle: 'completed' });
      break;
    case TaskEventType.TaskCancelled:
      if (task.lifecycle !== 'active') break;
      bump(task.plan_id, { tasks_active: -1, tasks_cancelled: 1 });
      rows.tasks.put({ ...task, lifecycle: 'cancelled' });
      break;
    case TaskEventType.ExtensionRequested:
    case TaskEventType.ExtensionGranted:
    case TaskEventType.ExtensionRefused:
      break;
    default:
      assertNever(event, 'task event');
  }
}
