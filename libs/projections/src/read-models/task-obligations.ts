import {
  addDays,
  addMonthsClamped,
  dueDateOf,
  dueSoonFrom,
  localDateOf,
  LocalDate,
  reportingPeriods,
  ReportingSchedule,
  WorkingCalendar,
} from '@dondoc/calendar';
import { DUE_PERIOD_ID } from '@dondoc/tasking/domain/task.commands';

/** One report a task demands: a period of its schedule, or its one-off due date (`due`). */
export interface DemandedObligation {
  periodId: string;
  nominalDate: LocalDate;
  dueDate: LocalDate;
  /** ISO instant from which a report is late. */
  dueAt: string;
  /** ISO instant from which the open obligation is "sắp đến hạn". */
  dueSoonAt: string;
}

export interface PlanWindow {
  start: LocalDate;
  end: LocalDate | null;
}

export interface TaskDemand {
  dueDate: LocalDate | null;
  reportingSchedule: ReportingSchedule | null;
  assignedAt: string;
}

/**
 * The window whose periods a task reports on: the plan's period. A plan that states no end (plan
 * 1875) runs to the task's due date, or one year from its start; a plan not seen (an event stream
 * that lacks it) starts on the day of assignment.
 */
export function reportingWindow(plan: PlanWindow | null, task: TaskDemand): { from: LocalDate; to: LocalDate } {
  const from = plan?.start ?? localDateOf(task.assignedAt);
  let to = plan?.end ?? task.dueDate ?? addDays(addMonthsClamped(from, 12), -1);
  if (to < from) to = from;
  return { from, to };
}

/** Every period of the task's schedule within the plan's period, then its due date. */
export function demandedObligations(plan: PlanWindow | null, task: TaskDemand, calendar: WorkingCalendar): DemandedObligation[] {
  const demanded: DemandedObligation[] = [];
  if (task.reportingSchedule) {
    for (const period of reportingPeriods(task.reportingSchedule, reportingWindow(plan, task), calendar)) {
      demanded.push({ ...period, dueSoonAt: dueSoonFrom(period.dueAt, calendar) });
    }
  }
  if (task.dueDate) {
    const deadline = dueDateOf(task.dueDate, calendar);
    demanded.push({ periodId: DUE_PERIOD_ID, ...deadline, dueSoonAt: dueSoonFrom(deadline.dueAt, calendar) });
  }
  return demanded;
}

const remembered = new WeakMap<WorkingCalendar, Map<string, readonly DemandedObligation[]>>();
const REMEMBERED_PER_CALENDAR = 10_000;

/**
 * `demandedObligations`, remembered per calendar (a WorkingCalendar never changes: amendments make
 * a new one). The tasks of a plan mostly share its schedule, and the calendar work is the costliest
 * step of a TaskAssigned; a rebuild meets thousands of them. The result is shared: do not mutate it.
 */
export function rememberedDemandedObligations(plan: PlanWindow | null, task: TaskDemand, calendar: WorkingCalendar): readonly DemandedObligation[] {
  let byInput = remembered.get(calendar);
  if (!byInput) remembered.set(calendar, (byInput = new Map()));
  // Everything the result depends on: the reporting window's inputs, the due date and the schedule.
  const key = JSON.stringify([plan?.start ?? null, plan?.end ?? null, plan ? null : localDateOf(task.assignedAt), task.dueDate, task.reportingSchedule]);
  let demanded = byInput.get(key);
  if (!demanded) {
    if (byInput.size >= REMEMBERED_PER_CALENDAR) byInput.clear();
    demanded = Object.freeze(demandedObligations(plan, task, calendar).map((o) => Object.freeze(o)));
    byInput.set(key, demanded);
  }
  return demanded;
}
