import type { LocalDate } from '../reporting-schedule';

/**
 * Where a line of holiday data comes from:
 * - `announced`: the government's yearly announcement of days off for civil servants
 *   (cán bộ, công chức, viên chức), as far as the authors knew it;
 * - `statutory`: follows from the Labor Code alone (the holiday itself, or its compensatory day
 *   off when it falls on a weekend, art. 111(3)); the government may still add swaps;
 * - `assumed`: a choice the government makes each year that was not known when the table was
 *   written (the Tết window, the day next to 2/9); amend it when the announcement comes.
 */
export type HolidayDataBasis = 'announced' | 'statutory' | 'assumed';

/** Consecutive days off, `from` to `to` inclusive (may include weekends, as announcements do). */
export interface DayOffEntry {
  from: LocalDate;
  to: LocalDate;
  /** Vietnamese, shown to users: why the day is off. */
  reason: string;
  basis: HolidayDataBasis;
}

/** A Saturday or Sunday worked to make up (làm bù) for a weekday given off. */
export interface MakeUpWorkingDayEntry {
  date: LocalDate;
  /** The weekday that was given off in exchange. */
  replaces: LocalDate;
  reason: string;
  basis: HolidayDataBasis;
}

/** The days off and make-up working days decided for one year (its holidays may spill into the last days of the year before). */
export interface HolidayYear {
  year: number;
  daysOff: readonly DayOffEntry[];
  makeUpWorkingDays: readonly MakeUpWorkingDayEntry[];
  notes?: readonly string[];
}
