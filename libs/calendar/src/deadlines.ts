/**
 * Deadlines under the Civil Code 2015: art. 147 (a period in months ends on the same day of the
 * month, or on the month's last day when it lacks that day) and art. 148 (a period whose last
 * day is a day off ends at the end of the next working day).
 */
import type { DueRelation, LocalDate } from './reporting-schedule';
import { addDays, assertLocalDate, endOfLocalDay, endOfLocalDayMs, instantMs } from './local-date';
import type { WorkingCalendar } from './working-calendar';

/** When something is due: the named date, the last on-time working day, and the instant it becomes late. */
export interface Deadline {
  /** The date the plan or task names, before any shift for days off. */
  nominalDate: LocalDate;
  /** The last day on which it is on time, after the art. 148 shift. */
  dueDate: LocalDate;
  /** `endOfLocalDay(dueDate)`: an ISO instant; anything at or after it is late. */
  dueAt: string;
}

/**
 * The last day the plan's words allow, before any shift: the named day for `on` ("ngày 20 hằng
 * tháng"), the day before it for `before` ("trước ngày 20/11").
 */
export function lastNominalDay(nominalDate: LocalDate, relation: DueRelation): LocalDate {
  return relation === 'before' ? addDays(nominalDate, -1) : nominalDate;
}

/** The deadline of a date named with `relation`, on `calendar`. */
export function deadlineFor(nominalDate: LocalDate, relation: DueRelation, calendar: WorkingCalendar): Deadline {
  assertLocalDate(nominalDate, 'nominalDate');
  const dueDate = settledDueDate(lastNominalDay(nominalDate, relation), calendar);
  return { nominalDate, dueDate, dueAt: endOfLocalDay(dueDate) };
}

/** The deadline of a one-off task due date (or of an extension's new date): on that day, shifted if it is a day off. */
export function dueDateOf(date: LocalDate, calendar: WorkingCalendar, relation: DueRelation = 'on'): Deadline {
  return deadlineFor(date, relation, calendar);
}

/**
 * `lastDay` shifted to a working day, where an amendment counts only if the deadline was still
 * open when it was declared. An amendment declared after a deadline passed never moves that
 * deadline, so the status of a closed period never changes (DESIGN.md, calendar facts).
 *
 * Amendments are replayed in declaration order: start from the calendar without amendments,
 * and at each declaration instant, stop if the deadline known then had already passed, else
 * take the calendar as known at that instant.
 */
export function settledDueDate(lastDay: LocalDate, calendar: WorkingCalendar): LocalDate {
  let dueDate = calendar.withoutAmendments().shiftToWorkingDay(lastDay);
  for (const declaration of declarationsInOrder(calendar)) {
    if (endOfLocalDayMs(dueDate) <= declaration.ms) break;
    // Only days from lastDay to the current due date decide the shift; others cannot move it.
    if (declaration.dates.some((date) => date >= lastDay && date <= dueDate)) {
      dueDate = calendar.asKnownAt(new Date(declaration.ms)).shiftToWorkingDay(lastDay);
    }
  }
  return dueDate;
}

interface Declaration {
  ms: number;
  dates: LocalDate[];
}

/** Calendars are immutable, so their grouped declarations are computed once. */
const declarationCache = new WeakMap<WorkingCalendar, Declaration[]>();

/** The calendar's amendments grouped by declaration instant, oldest first (amendments are already sorted). */
function declarationsInOrder(calendar: WorkingCalendar): Declaration[] {
  const cached = declarationCache.get(calendar);
  if (cached) return cached;
  const declarations: Declaration[] = [];
  for (const amendment of calendar.amendments) {
    const ms = instantMs(amendment.effectiveFrom);
    const last = declarations[declarations.length - 1];
    if (last && last.ms === ms) last.dates.push(amendment.date);
    else declarations.push({ ms, dates: [amendment.date] });
  }
  declarationCache.set(calendar, declarations);
  return declarations;
}
