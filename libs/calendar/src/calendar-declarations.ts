/**
 * The working calendar with the declarations known at an instant: the one definition shared by
 * the command handlers (tasking decides lateness and extension deadlines with it), the read
 * models (the task board moves open deadlines with it) and the reminders (follow-up).
 *
 * Declarations are what an administrator records in the `calendar-<year>` streams: the
 * follow-up context's `DayOffDeclared` and `WorkingDayDeclared` events (it owns them; its
 * `CalendarEvent` type is checked against `CalendarDeclaration` where it folds them, so the two
 * cannot drift). Only their type and data matter here.
 *
 * An amended calendar never changes a period that had closed when the amendment was declared:
 * `settledDueDate` (deadlines.ts) replays the declarations in order and ignores one made after
 * the deadline known then had passed.
 */
import type { LocalDate } from './reporting-schedule';
import { instantMs, isLocalDate, localDateOf } from './local-date';
import { type CalendarAmendment, vietnamCalendar, type WorkingCalendar } from './working-calendar';

/** `calendar-<year>`: the stream of the days declared for one year. Persisted: never change. */
export const calendarStreamId = (year: number): string => `calendar-${year}`;

/** The persisted type strings of the declarations (FollowUpEventType.DayOffDeclared / WorkingDayDeclared). */
export type CalendarDeclarationType = 'DayOffDeclared' | 'WorkingDayDeclared';

/** One declaration as recorded in a `calendar-<year>` stream (the event's type and data). */
export interface CalendarDeclaration {
  type: CalendarDeclarationType;
  data: {
    date: LocalDate;
    /** Vietnamese, shown to users. */
    reason: string;
    /** When it was declared (the command's business time): from then on it moves open deadlines. */
    declaredAt: string;
  };
}

export const CALENDAR_DECLARATION_TYPES: ReadonlySet<string> = new Set<CalendarDeclarationType>(['DayOffDeclared', 'WorkingDayDeclared']);

export function isCalendarDeclaration(event: { type: string }): event is CalendarDeclaration {
  return CALENDAR_DECLARATION_TYPES.has(event.type);
}

/** The amendment a declaration makes, effective from the moment it was declared. */
export function amendmentOfDeclaration(declaration: CalendarDeclaration): CalendarAmendment {
  return {
    date: declaration.data.date,
    kind: declaration.type === 'DayOffDeclared' ? 'day_off' : 'working_day',
    reason: declaration.data.reason,
    effectiveFrom: declaration.data.declaredAt,
  };
}

/** Without declarations every caller gets the same calendar, so that its caches (resolved years, remembered deadlines) are shared. */
const PLAIN = vietnamCalendar();

/**
 * The Vietnamese calendar with the declarations known at `knownAt`: those declared at or before
 * it (all of them when `knownAt` is null), the latest declaration for a date winning.
 */
export function calendarKnownAt(declarations: Iterable<CalendarDeclaration>, knownAt: Date | string | null = null): WorkingCalendar {
  const amendments: CalendarAmendment[] = [];
  for (const declaration of declarations) amendments.push(amendmentOfDeclaration(declaration));
  return calendarOfAmendments(amendments, knownAt);
}

/**
 * The same fold for amendments already taken out of their declarations (e.g. kept in a read
 * model), on `official` (the Vietnamese calendar without declarations unless a caller has its own).
 */
export function calendarOfAmendments(
  amendments: readonly CalendarAmendment[],
  knownAt: Date | string | null = null,
  official: WorkingCalendar = PLAIN,
): WorkingCalendar {
  const cut = knownAt === null ? null : instantMs(knownAt);
  const known = cut === null ? amendments : amendments.filter((a) => instantMs(a.effectiveFrom) <= cut);
  return known.length === 0 ? official : official.withAmendments(known);
}

/**
 * The years whose declarations can decide a deadline near these dates (or instants, read on
 * the Vietnamese calendar): each date's year and the years on either side, because a deadline
 * named for 31 December moves into January, one named "before 1 January" falls on the 31st,
 * and the "due soon" mark counts working days back across New Year.
 */
export function declarationYears(...datesOrInstants: readonly string[]): number[] {
  const years = new Set<number>();
  for (const value of datesOrInstants) {
    const year = Number((isLocalDate(value) ? value : localDateOf(value)).slice(0, 4));
    years.add(year - 1).add(year).add(year + 1);
  }
  return [...years].sort((a, b) => a - b);
}
