import { dueDateOf, WorkingCalendar } from '@dondoc/calendar';
import { instantMs } from '@dondoc/calendar/local-date';
import { demandedObligations, PlanWindow } from '@dondoc/projections/read-models/task-obligations';
import { grantedExtensionFor, TaskState } from '@dondoc/tasking/domain/task.decider';
import { Instant, LocalDate } from './follow-up.types';
import { ReminderStagesConfig } from './reminder-stages';

export type AssignedTaskState = Exclude<TaskState, { status: 'unassigned' }>;

/** One report a task owes, with the deadline in force and whether it is met. */
export interface Obligation {
  taskId: string;
  planId: string;
  periodId: string;
  nominalDate: LocalDate;
  /** After any granted extension. */
  dueAt: Instant;
  extensionId: string | null;
  /** A report was submitted for the period and not returned. */
  met: boolean;
  /** See StageObligation.armedAt. */
  armedAt: Instant;
}

/**
 * Every obligation of a task: each period of its reporting schedule within the plan's period,
 * and its one-off due date (the same definition as the obligations read model), each after the
 * latest granted extension (its new date settled on the calendar like any deadline). `calendar` carries every amendment declared so far; a deadline that
 * had passed when an amendment was declared keeps its date (settledDueDate).
 */
export function obligationsOfTask(
  task: AssignedTaskState,
  plan: PlanWindow | null,
  calendar: WorkingCalendar,
  config: Pick<ReminderStagesConfig, 'configuredAt'>,
): Obligation[] {
  return demandedObligations(plan, task, calendar).map((demanded): Obligation => {
    const extension = grantedExtensionFor(task, demanded.periodId);
    const reports = task.reports.filter((r) => r.periodId === demanded.periodId);
    const met = reports.some((r) => r.status !== 'returned');
    const reopenedAt = reports.filter((r) => r.status === 'returned').map((r) => r.reviewedAt);
    const armedAt = latest([task.assignedAt, extension?.decidedAt ?? null, ...reopenedAt, config.configuredAt]);
    return {
      taskId: task.taskId,
      planId: task.planId,
      periodId: demanded.periodId,
      nominalDate: demanded.nominalDate,
      // An extension's new date is a deadline like the others: a day off declared on it before it passed moves it.
      dueAt: new Date(instantMs(extension?.newDueDate ? dueDateOf(extension.newDueDate, calendar).dueAt : demanded.dueAt)).toISOString(),
      extensionId: extension?.extensionId ?? null,
      met,
      armedAt,
    };
  });
}

function latest(instants: (Instant | null)[]): Instant {
  let best = -Infinity;
  for (const instant of instants) if (instant !== null) best = Math.max(best, instantMs(instant));
  return new Date(best).toISOString();
}

/** Open for reminders: the task is still active and the obligation is not met. */
export function isOpen(task: TaskState, obligation: Obligation): boolean {
  return task.status === 'active' && !obligation.met;
}
