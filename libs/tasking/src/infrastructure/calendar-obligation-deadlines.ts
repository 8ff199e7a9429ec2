import { declarationYears, dueDateOf, periodForId, vietnamCalendar, WorkingCalendar } from '@dondoc/calendar';
import { PlanPeriod } from '../domain/plan.commands';
import { DUE_PERIOD_ID } from '../domain/task.commands';
import { Instant, LocalDate } from '../domain/tasking.types';
import { ObligationDeadlines, TaskObligation } from '../application/obligation-deadlines';

/** Where the calendar with the declarations comes from (the `calendar-<year>` streams, see CalendarStreams). */
export interface DeclaredCalendars {
  /** The calendar with every declaration of `years` recorded at or before `knownAt`. */
  calendarKnownAt(years: readonly number[], knownAt: Date): Promise<WorkingCalendar>;
}

/** No declarations at all: the official data only (unit tests of the arithmetic). */
const OFFICIAL_ONLY: DeclaredCalendars = { calendarKnownAt: async () => vietnamCalendar() };

/**
 * Deadlines from @dondoc/calendar: a period's nominal date must lie within the plan's period
 * (plan 118, issued 21/11/2019, has no November 2019 period: its first is 20/12/2019), and a
 * deadline on a day off moves to the end of the next working day (Civil Code art. 148), on the
 * calendar with the days an administrator had declared by the command's time.
 */
export class CalendarObligationDeadlines implements ObligationDeadlines {
  constructor(private readonly calendars: DeclaredCalendars = OFFICIAL_ONLY) {}

  async dueAtFor(obligation: TaskObligation, planPeriod: PlanPeriod, periodId: string, knownAt: Date): Promise<Instant | null> {
    if (periodId === DUE_PERIOD_ID) return obligation.dueDate ? this.dueAtOfDate(obligation.dueDate, knownAt) : null;
    if (!obligation.reportingSchedule) return null;
    // The nominal date does not depend on the calendar; it says which years' declarations count.
    const nominal = periodForId(obligation.reportingSchedule, periodId, vietnamCalendar());
    if (!nominal) return null;
    if (nominal.nominalDate < planPeriod.start) return null;
    if (planPeriod.end !== null && nominal.nominalDate > planPeriod.end) return null;
    const calendar = await this.calendars.calendarKnownAt(declarationYears(nominal.nominalDate), knownAt);
    return periodForId(obligation.reportingSchedule, periodId, calendar)!.dueAt;
  }

  async dueAtOfDate(date: LocalDate, knownAt: Date): Promise<Instant> {
    const calendar = await this.calendars.calendarKnownAt(declarationYears(date), knownAt);
    return dueDateOf(date, calendar).dueAt;
  }
}
