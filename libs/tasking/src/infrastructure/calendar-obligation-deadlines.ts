import { dueDateOf, periodForId, vietnamCalendar, WorkingCalendar } from '@dondoc/calendar';
import { PlanPeriod } from '../domain/plan.commands';
import { DUE_PERIOD_ID } from '../domain/task.commands';
import { Instant, LocalDate } from '../domain/tasking.types';
import { ObligationDeadlines, TaskObligation } from '../application/obligation-deadlines';

/**
 * Deadlines from @dondoc/calendar: a period's nominal date must lie within the plan's period
 * (plan 118, issued 21/11/2019, has no November 2019 period: its first is 20/12/2019), and a
 * deadline on a day off moves to the end of the next working day (Civil Code art. 148).
 */
export class CalendarObligationDeadlines implements ObligationDeadlines {
  /** `calendar` is read on every call, so that amendments an administrator declares apply at once. */
  constructor(private readonly calendar: () => WorkingCalendar = () => vietnamCalendar()) {}

  dueAtFor(obligation: TaskObligation, planPeriod: PlanPeriod, periodId: string): Instant | null {
    if (periodId === DUE_PERIOD_ID) {
      return obligation.dueDate ? dueDateOf(obligation.dueDate, this.calendar()).dueAt : null;
    }
    if (!obligation.reportingSchedule) return null;
    const period = periodForId(obligation.reportingSchedule, periodId, this.calendar());
    if (!period) return null;
    if (period.nominalDate < planPeriod.start) return null;
    if (planPeriod.end !== null && period.nominalDate > planPeriod.end) return null;
    return period.dueAt;
  }

  dueAtOfDate(date: LocalDate): Instant {
    return dueDateOf(date, this.calendar()).dueAt;
  }
}
