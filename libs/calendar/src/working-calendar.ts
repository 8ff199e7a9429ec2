/**
 * The Vietnamese working calendar for state agencies: which days are working days, and the
 * arithmetic the deadline rules need (next working day, n working days before or after).
 *
 * A day is decided by, from strongest to weakest:
 *   1. the latest calendar amendment declared for that date (and known at `knownAt`);
 *   2. a make-up working day (làm bù) of the official table;
 *   3. a day off of the official table, or of the Labor Code rule for years outside the table;
 *   4. Saturday and Sunday are days off; every other day is a working day.
 */
import type { LocalDate } from './reporting-schedule';
import {
  assertLocalDate,
  dayOfWeek,
  dayOfWeekOfEpochDay,
  fromEpochDay,
  instantMs,
  splitLocalDate,
  toEpochDay,
  yearOfEpochDay,
  type EpochDay,
} from './local-date';
import type { HolidayYear } from './holidays/holiday-year';
import { statutoryHolidayYear } from './holidays/statutory-holidays';
import { VIETNAM_HOLIDAY_TABLE } from './holidays/vietnam-holiday-table';

export type CalendarAmendmentKind = 'day_off' | 'working_day';

/** A day off or a working day declared by an administrator (recorded as an event, so audited). */
export interface CalendarAmendment {
  date: LocalDate;
  kind: CalendarAmendmentKind;
  /** Vietnamese, shown to users, e.g. "Nghỉ bù Quốc khánh theo Thông báo …". */
  reason: string;
  /** ISO instant when it was declared; a calendar "as known at T" ignores amendments declared after T. */
  effectiveFrom: string;
}

/** What a calendar is built from: per-year official data, and the rule for years it lacks. */
export interface CalendarBase {
  years: readonly HolidayYear[];
  /** Days off for a year absent from `years` (the Labor Code rule). */
  yearWithoutTable: (year: number) => HolidayYear;
}

/** The built-in base: the official table 2017-2027 and the Labor Code rule for other years. */
export const VIETNAM_CALENDAR_BASE: CalendarBase = Object.freeze({
  years: VIETNAM_HOLIDAY_TABLE,
  yearWithoutTable: statutoryHolidayYear,
});

/** Years the calendar answers for: the lunar algorithm's range, less a year on each side for spill-over. */
export const FIRST_CALENDAR_YEAR = 1801;
export const LAST_CALENDAR_YEAR = 2198;

/** Guards loops over days: no real calendar has a year without a working day. */
const MAX_CONSECUTIVE_DAYS_OFF = 366;

const MAX_CACHED_VIEWS = 256;

const WEEKDAY_NAMES_VI = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];

/** How one day is decided, with the reason a user can be shown. */
export interface DayInfo {
  date: LocalDate;
  working: boolean;
  /** Why the day is off, or why a weekend day is worked; null for an ordinary weekday. */
  reason: string | null;
  source: 'amendment' | 'make_up_working_day' | 'holiday' | 'weekend' | 'weekday';
}

interface NormalizedAmendment extends CalendarAmendment {
  effectiveFromMs: number;
}

/** The base data of one Gregorian year, resolved into per-day lookups. */
interface ResolvedYear {
  daysOff: Map<EpochDay, string>;
  workingDays: Map<EpochDay, string>;
}

/** Resolves base data year by year, once, shared by every calendar built on the same base. */
class ResolvedBase {
  private readonly table: Map<number, HolidayYear>;
  private readonly years = new Map<number, ResolvedYear>();

  constructor(private readonly base: CalendarBase) {
    this.table = new Map(base.years.map((year) => [year.year, year]));
  }

  yearOf(epochDay: EpochDay): ResolvedYear {
    const year = yearOfEpochDay(epochDay);
    let resolved = this.years.get(year);
    if (!resolved) {
      resolved = this.resolve(year);
      this.years.set(year, resolved);
    }
    return resolved;
  }

  /** A year's holidays can spill into its neighbours (Tết Dương lịch 2019 began on 29/12/2018), so read three years. */
  private resolve(year: number): ResolvedYear {
    if (year < FIRST_CALENDAR_YEAR || year > LAST_CALENDAR_YEAR) {
      throw new RangeError(`the working calendar covers ${FIRST_CALENDAR_YEAR}-${LAST_CALENDAR_YEAR}, got ${year}`);
    }
    const resolved: ResolvedYear = { daysOff: new Map(), workingDays: new Map() };
    const first = toEpochDay(`${String(year).padStart(4, '0')}-01-01`);
    const last = toEpochDay(`${String(year).padStart(4, '0')}-12-31`);
    for (const source of [year - 1, year, year + 1].map((y) => this.dataFor(y))) {
      for (const entry of source.daysOff) {
        const from = Math.max(toEpochDay(entry.from), first);
        const to = Math.min(toEpochDay(entry.to), last);
        for (let day = from; day <= to; day++) resolved.daysOff.set(day, entry.reason);
      }
      for (const entry of source.makeUpWorkingDays) {
        const day = toEpochDay(entry.date);
        if (day >= first && day <= last) resolved.workingDays.set(day, entry.reason);
      }
    }
    return resolved;
  }

  private dataFor(year: number): HolidayYear {
    return this.table.get(year) ?? this.base.yearWithoutTable(year);
  }
}

const resolvedBases = new WeakMap<CalendarBase, ResolvedBase>();

function resolvedBaseFor(base: CalendarBase): ResolvedBase {
  let resolved = resolvedBases.get(base);
  if (!resolved) {
    resolved = new ResolvedBase(base);
    resolvedBases.set(base, resolved);
  }
  return resolved;
}

export interface WorkingCalendarOptions {
  /** Apply only amendments declared at or before this instant. Default: all of them. */
  knownAt?: Date | string | null;
}

export class WorkingCalendar {
  /** The amendments this calendar applies (effectiveFrom <= knownAt), oldest declaration first. */
  readonly amendments: readonly CalendarAmendment[];
  /** ISO instant of the "as known at" cut, or null when every amendment applies. */
  readonly knownAt: string | null;

  private readonly resolvedBase: ResolvedBase;
  private readonly allAmendments: readonly NormalizedAmendment[];
  private readonly overrides = new Map<EpochDay, NormalizedAmendment>();
  private readonly views = new Map<number, WorkingCalendar>();
  private unamended: WorkingCalendar | undefined;

  constructor(
    private readonly base: CalendarBase,
    amendments: readonly CalendarAmendment[] = [],
    options: WorkingCalendarOptions = {},
  ) {
    this.resolvedBase = resolvedBaseFor(base);
    this.allAmendments = normalizeAmendments(amendments);
    const knownAtMs = options.knownAt == null ? null : instantMs(options.knownAt);
    this.knownAt = knownAtMs === null ? null : new Date(knownAtMs).toISOString();
    const active = this.allAmendments.filter((a) => knownAtMs === null || a.effectiveFromMs <= knownAtMs);
    // Oldest first, so that a later declaration for the same date overrides an earlier one.
    for (const amendment of active) this.overrides.set(toEpochDay(amendment.date), amendment);
    this.amendments = active.map(({ effectiveFromMs: _ms, ...amendment }) => amendment);
  }

  /** The calendar as it was known at `instant`: amendments declared later are ignored. */
  asKnownAt(instant: Date | string): WorkingCalendar {
    const ms = instantMs(instant);
    let view = this.views.get(ms);
    if (!view) {
      view = new WorkingCalendar(this.base, this.allAmendments, { knownAt: new Date(ms) });
      // Views are cached for the deadline rule, which asks for one per declaration instant; bound the cache.
      if (this.views.size >= MAX_CACHED_VIEWS) this.views.clear();
      this.views.set(ms, view);
    }
    return view;
  }

  /** The same base data without any amendment. */
  withoutAmendments(): WorkingCalendar {
    if (this.allAmendments.length === 0 && this.knownAt === null) return this;
    this.unamended ??= new WorkingCalendar(this.base, []);
    return this.unamended;
  }

  /** A calendar with further amendments (e.g. after an administrator declared one). */
  withAmendments(amendments: readonly CalendarAmendment[]): WorkingCalendar {
    return new WorkingCalendar(this.base, [...this.allAmendments, ...amendments], { knownAt: this.knownAt });
  }

  isWorkingDay(date: LocalDate): boolean {
    return this.isWorkingEpochDay(toEpochDay(date));
  }

  isDayOff(date: LocalDate): boolean {
    return !this.isWorkingDay(date);
  }

  /** How the day is decided, and the reason to show. */
  dayInfo(date: LocalDate): DayInfo {
    const epochDay = toEpochDay(date);
    const amendment = this.overrides.get(epochDay);
    if (amendment) return { date, working: amendment.kind === 'working_day', reason: amendment.reason, source: 'amendment' };
    const year = this.resolvedBase.yearOf(epochDay);
    const makeUp = year.workingDays.get(epochDay);
    if (makeUp !== undefined) return { date, working: true, reason: makeUp, source: 'make_up_working_day' };
    const holiday = year.daysOff.get(epochDay);
    if (holiday !== undefined) return { date, working: false, reason: holiday, source: 'holiday' };
    const weekday = dayOfWeek(date);
    if (weekday === 0 || weekday === 6) return { date, working: false, reason: WEEKDAY_NAMES_VI[weekday], source: 'weekend' };
    return { date, working: true, reason: null, source: 'weekday' };
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: LocalDate): LocalDate {
    return fromEpochDay(this.stepToWorkingDay(toEpochDay(date) + 1, 1));
  }

  /** The last working day strictly before `date`. */
  previousWorkingDay(date: LocalDate): LocalDate {
    return fromEpochDay(this.stepToWorkingDay(toEpochDay(date) - 1, -1));
  }

  /** `date` itself when it is a working day, else the next working day (Civil Code art. 148). */
  shiftToWorkingDay(date: LocalDate): LocalDate {
    return fromEpochDay(this.stepToWorkingDay(toEpochDay(date), 1));
  }

  /**
   * The n-th working day after `date` (n > 0) or before it (n < 0); `date` itself for n = 0.
   * `date` need not be a working day: addWorkingDays(Saturday, 1) is the next working day.
   */
  addWorkingDays(date: LocalDate, n: number): LocalDate {
    if (!Number.isInteger(n)) throw new RangeError(`working days must be an integer, got ${n}`);
    const direction = n < 0 ? -1 : 1;
    let day = toEpochDay(date);
    for (let remaining = Math.abs(n); remaining > 0; remaining--) {
      day = this.stepToWorkingDay(day + direction, direction);
    }
    return fromEpochDay(day);
  }

  /**
   * Working days from `a` to `b`, signed, so that addWorkingDays(a, workingDaysBetween(a, b)) === b
   * whenever b is a working day: for a <= b the working days in (a, b], for b < a minus those in [b, a).
   */
  workingDaysBetween(a: LocalDate, b: LocalDate): number {
    const from = toEpochDay(a);
    const to = toEpochDay(b);
    if (from <= to) return this.countWorkingDays(from + 1, to);
    return -this.countWorkingDays(to, from - 1);
  }

  private countWorkingDays(firstDay: EpochDay, lastDay: EpochDay): number {
    let count = 0;
    for (let day = firstDay; day <= lastDay; day++) if (this.isWorkingEpochDay(day)) count++;
    return count;
  }

  /** From `day` (inclusive), the first working day in `direction`. */
  private stepToWorkingDay(day: EpochDay, direction: 1 | -1): EpochDay {
    for (let steps = 0; steps <= MAX_CONSECUTIVE_DAYS_OFF; steps++, day += direction) {
      if (this.isWorkingEpochDay(day)) return day;
    }
    throw new RangeError(`no working day within ${MAX_CONSECUTIVE_DAYS_OFF} days of ${fromEpochDay(day)}`);
  }

  private isWorkingEpochDay(day: EpochDay): boolean {
    const amendment = this.overrides.get(day);
    if (amendment) return amendment.kind === 'working_day';
    const year = this.resolvedBase.yearOf(day);
    if (year.workingDays.has(day)) return true;
    if (year.daysOff.has(day)) return false;
    const weekday = dayOfWeekOfEpochDay(day);
    return weekday !== 0 && weekday !== 6;
  }
}

/** The Vietnamese calendar for state agencies, with the given amendments (e.g. folded from calendar events). */
export function vietnamCalendar(
  amendments: readonly CalendarAmendment[] = [],
  options: WorkingCalendarOptions = {},
): WorkingCalendar {
  return new WorkingCalendar(VIETNAM_CALENDAR_BASE, amendments, options);
}

/** Problems with an amendment, in English for logs; empty when it is valid. */
export function amendmentProblems(amendment: CalendarAmendment): string[] {
  const problems: string[] = [];
  try {
    assertLocalDate(amendment.date, 'date');
    const [year] = splitLocalDate(amendment.date);
    if (year < FIRST_CALENDAR_YEAR || year > LAST_CALENDAR_YEAR) problems.push(`date must be within ${FIRST_CALENDAR_YEAR}-${LAST_CALENDAR_YEAR}`);
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (amendment.kind !== 'day_off' && amendment.kind !== 'working_day') {
    problems.push(`kind must be 'day_off' or 'working_day', got ${JSON.stringify(amendment.kind)}`);
  }
  if (typeof amendment.reason !== 'string' || amendment.reason.trim() === '') problems.push('reason must be a non-empty text');
  try {
    instantMs(amendment.effectiveFrom);
  } catch (error) {
    problems.push(`effectiveFrom: ${(error as Error).message}`);
  }
  return problems;
}

/** Validates and orders by declaration instant (stable, so list order breaks ties). */
function normalizeAmendments(amendments: readonly CalendarAmendment[]): NormalizedAmendment[] {
  return amendments
    .map((amendment, index): NormalizedAmendment => {
      const problems = amendmentProblems(amendment);
      if (problems.length > 0) throw new RangeError(`calendar amendment #${index}: ${problems.join('; ')}`);
      return { ...amendment, effectiveFromMs: instantMs(amendment.effectiveFrom) };
    })
    .sort((a, b) => a.effectiveFromMs - b.effectiveFromMs);
}
