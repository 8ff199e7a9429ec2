import { ReportingSchedule } from '@dondoc/calendar/reporting-schedule';
import { PlanPeriod } from '../domain/plan.commands';
import { ExtensionRecord, grantedExtensionFor } from '../domain/task.decider';
import { Instant, LocalDate } from '../domain/tasking.types';

/** Injection token of the deadline port (implemented over @dondoc/calendar in infrastructure). */
export const OBLIGATION_DEADLINES = Symbol('OBLIGATION_DEADLINES');

/** What a task owes: a one-off due date, a recurring report, or both. */
export interface TaskObligation {
  dueDate: LocalDate | null;
  reportingSchedule: ReportingSchedule | null;
}

/**
 * The calendar as tasking needs it. Handlers resolve deadlines here and pass them into the
 * (pure) deciders in the command, so that the domain never computes calendar facts itself.
 *
 * Every answer is on the calendar as it stood at `knownAt` (the command's business time): the
 * official data and every day off or working day an administrator had declared by then. A
 * declaration made after a deadline had passed does not move that deadline.
 */
export interface ObligationDeadlines {
  /**
   * The instant a report for `periodId` becomes late (at or after it), before any extension;
   * `due` is the one-off due date. Null when the obligation has no such period within the
   * plan's period.
   */
  dueAtFor(obligation: TaskObligation, planPeriod: PlanPeriod, periodId: string, knownAt: Date): Promise<Instant | null>;
  /** The instant a deadline set on `date` passes (end of that day, moved past days off). */
  dueAtOfDate(date: LocalDate, knownAt: Date): Promise<Instant>;
}

/**
 * A period's deadline now, with the granted extension it is the deadline of: an extension's new
 * date is a deadline like any other, moved to the next working day by a day off declared before
 * it passed (Civil Code art. 148); without one, the period's own deadline (null: no such period).
 */
export async function periodDeadline(
  deadlines: ObligationDeadlines,
  task: TaskObligation & { extensions: readonly ExtensionRecord[] },
  planPeriod: PlanPeriod,
  periodId: string,
  knownAt: Date,
): Promise<{ dueAt: Instant | null; extensionId: string | null }> {
  const extension = grantedExtensionFor(task, periodId);
  if (extension?.newDueDate) return { dueAt: await deadlines.dueAtOfDate(extension.newDueDate, knownAt), extensionId: extension.extensionId };
  return { dueAt: await deadlines.dueAtFor(task, planPeriod, periodId, knownAt), extensionId: null };
}
