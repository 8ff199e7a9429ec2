import { amendmentOfDeclaration, CalendarAmendment, CalendarDeclaration, isLocalDate, vietnamCalendar } from '@dondoc/calendar';
import { assertNever, Decider } from '@dondoc/event-store/decider/decider';
import { assertFollowUpRole } from './authorization';
import { CalendarCommand } from './follow-up.commands';
import { FollowUpErrors } from './follow-up.errors';
import { CalendarEvent, dayOffDeclared, workingDayDeclared } from './follow-up.events';

/** A `calendar-<year>` stream: the amendments declared for that year, oldest first. */
export interface CalendarYearState {
  amendments: CalendarAmendment[];
}

export const MAX_REASON_LENGTH = 1_000;
export const FIRST_AMENDABLE_YEAR = 1900;
export const LAST_AMENDABLE_YEAR = 2199;

/**
 * The amendment an event records (`effectiveFrom` = when it was declared). The calendar library
 * folds declarations for every context; typing the event as a `CalendarDeclaration` here keeps
 * the persisted event and that shape in step.
 */
export function amendmentOf(event: CalendarEvent): CalendarAmendment {
  const declaration: CalendarDeclaration = event;
  return amendmentOfDeclaration(declaration);
}

export function decideCalendar(command: CalendarCommand, state: CalendarYearState): CalendarEvent[] {
  assertFollowUpRole(command.metadata.actor, 'DeclareCalendarDay');
  const { year, date } = command.data;
  if (!Number.isInteger(year) || year < FIRST_AMENDABLE_YEAR || year > LAST_AMENDABLE_YEAR) throw FollowUpErrors.yearOutOfRange(year);
  if (!isLocalDate(date)) throw FollowUpErrors.dateInvalid('date', date);
  if (!date.startsWith(`${year}-`)) throw FollowUpErrors.dateNotInYear(date, year);
  const reason = typeof command.data.reason === 'string' ? command.data.reason.trim() : '';
  if (!reason || reason.length > MAX_REASON_LENGTH) throw FollowUpErrors.reasonRequired();
  // Only this year's amendments can decide a day of this year.
  const working = vietnamCalendar(state.amendments).isWorkingDay(date);
  const data = { year, date, reason, declaredAt: command.metadata.now };
  switch (command.type) {
    case 'DeclareDayOff':
      if (!working) throw FollowUpErrors.dayAlreadyOff(date);
      return [dayOffDeclared(data)];
    case 'DeclareWorkingDay':
      if (working) throw FollowUpErrors.dayAlreadyWorking(date);
      return [workingDayDeclared(data)];
    default:
      return assertNever(command, 'calendar command');
  }
}

export function evolveCalendar(state: CalendarYearState, event: CalendarEvent): CalendarYearState {
  return { amendments: [...state.amendments, amendmentOf(event)] };
}

export const calendarDecider: Decider<CalendarCommand, CalendarYearState, CalendarEvent> = {
  initialState: () => ({ amendments: [] }),
  decide: decideCalendar,
  evolve: evolveCalendar,
};
