/**
 * Calendar-date arithmetic on `YYYY-MM-DD` values and the Asia/Ho_Chi_Minh day boundaries.
 *
 * Dates are converted to day numbers with integer arithmetic and instants with a fixed offset,
 * never through Date's local-time accessors, so that results do not depend on the TZ of the
 * process. Vietnam has used UTC+7 without daylight saving time since 1975, so a fixed offset is
 * exact for every date we handle.
 */
import type { LocalDate } from './reporting-schedule';

/** Asia/Ho_Chi_Minh is a fixed UTC+7 (no DST). */
export const VIETNAM_UTC_OFFSET_HOURS = 7;

const MS_PER_DAY = 86_400_000;
const DAYS_PER_400_YEARS = 146_097;
const DAYS_FROM_0000_03_01_TO_EPOCH = 719_468;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const VIETNAM_OFFSET_MS = VIETNAM_UTC_OFFSET_HOURS * 3_600_000;
const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01; the internal, arithmetic-friendly form of a LocalDate. */
export type EpochDay = number;

/** True when `value` is a real calendar date written `YYYY-MM-DD` (rejects 2023-02-29). */
export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const match = LOCAL_DATE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Throws a RangeError naming the bad value, so that callers fail loudly on malformed data. */
export function assertLocalDate(value: unknown, what = 'date'): asserts value is LocalDate {
  if (!isLocalDate(value)) {
    throw new RangeError(`${what} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
}

export function toEpochDay(date: LocalDate): EpochDay {
  const match = typeof date === 'string' ? LOCAL_DATE_PATTERN.exec(date) : null;
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`date must be a calendar date YYYY-MM-DD, got ${JSON.stringify(date)}`);
  }
  return epochDayOf(year, month, day);
}

export function fromEpochDay(epochDay: EpochDay): LocalDate {
  const [year, month, day] = civilOf(epochDay);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** The Gregorian year of an epoch day. */
export function yearOfEpochDay(epochDay: EpochDay): number {
  return civilOf(epochDay)[0];
}

/*
 * Proleptic Gregorian <-> day count in integer arithmetic (Howard Hinnant, "chrono-Compatible
 * Low-Level Date Algorithms"): no Date objects, so it is fast on the hot path of deadline
 * computations and has none of Date.UTC's quirks (years 0-99 read as 1900-1999).
 */
function epochDayOf(year: number, month: number, day: number): EpochDay {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * DAYS_PER_400_YEARS + dayOfEra - DAYS_FROM_0000_03_01_TO_EPOCH;
}

function civilOf(epochDay: EpochDay): [number, number, number] {
  const z = epochDay + DAYS_FROM_0000_03_01_TO_EPOCH;
  const era = Math.floor(z / DAYS_PER_400_YEARS);
  const dayOfEra = z - era * DAYS_PER_400_YEARS;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153); // 0 = March
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** `[year, month (1-12), day]` of a LocalDate. */
export function splitLocalDate(date: LocalDate): [number, number, number] {
  const match = LOCAL_DATE_PATTERN.exec(date);
  if (!match) throw new RangeError(`date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** Builds a LocalDate from its parts; `month` is 1-12 and must make a real date. */
export function makeLocalDate(year: number, month: number, day: number): LocalDate {
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  assertLocalDate(date);
  return date;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The same day in `month`, or the month's last day when it lacks that day (Civil Code art. 147-148). */
export function clampedDate(year: number, month: number, day: number): LocalDate {
  return makeLocalDate(year, month, Math.min(day, daysInMonth(year, month)));
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Adds whole months, clamping to the target month's last day (31/08 + 6 months = 28/02 or 29/02). */
export function addMonthsClamped(date: LocalDate, months: number): LocalDate {
  const [year, month, day] = splitLocalDate(date);
  const monthIndex = year * 12 + (month - 1) + months;
  return clampedDate(Math.floor(monthIndex / 12), (monthIndex % 12 + 12) % 12 + 1, day);
}

/** 0 = Sunday … 6 = Saturday, as Date.getUTCDay. */
export function dayOfWeek(date: LocalDate): number {
  return dayOfWeekOfEpochDay(toEpochDay(date));
}

export function dayOfWeekOfEpochDay(epochDay: EpochDay): number {
  return (((epochDay + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function isWeekend(date: LocalDate): boolean {
  const weekday = dayOfWeek(date);
  return weekday === 0 || weekday === 6;
}

/** Negative, zero or positive like a sort comparator; LocalDates compare as strings. */
export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The Asia/Ho_Chi_Minh calendar date of an instant (a Date or an ISO string with offset). */
export function localDateOf(instant: Date | string): LocalDate {
  const ms = instantMs(instant);
  return fromEpochDay(Math.floor((ms + VIETNAM_OFFSET_MS) / MS_PER_DAY));
}

/** 00:00 of `date` in Asia/Ho_Chi_Minh, as an ISO instant in UTC (`…T17:00:00.000Z` of the day before). */
export function startOfLocalDay(date: LocalDate): string {
  return new Date(toEpochDay(date) * MS_PER_DAY - VIETNAM_OFFSET_MS).toISOString();
}

/** The end of `date` in Asia/Ho_Chi_Minh = 00:00 of the next local day; an instant at or after it is past the day. */
export function endOfLocalDay(date: LocalDate): string {
  return new Date(endOfLocalDayMs(date)).toISOString();
}

/** `endOfLocalDay` in milliseconds since the epoch. */
export function endOfLocalDayMs(date: LocalDate): number {
  return (toEpochDay(date) + 1) * MS_PER_DAY - VIETNAM_OFFSET_MS;
}

/** An ISO date-time must carry `Z` or an offset: without one, Date.parse reads it in the process TZ. */
const ISO_INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

const INSTANT_PARTS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):?(\d{2}))$/i;

/**
 * A full ISO 8601 date-time with `Z` or an offset that names a real moment: `2020-01-21T00:00:00+07:00`,
 * `2020-01-20T17:00Z`. Not a date alone, a week (`2020-W03`) or an ordinal date (`2020-021`), a
 * time without an offset (read in whatever time zone the process runs in), nor 30 February
 * (which Date.parse quietly turns into 1 March).
 */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_INSTANT_PATTERN.test(value)) return false;
  const parts = INSTANT_PARTS.exec(value);
  if (!parts) return false;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = parts.slice(1).map((p) => (p === undefined ? 0 : Number(p)));
  const fieldsOk =
    month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 14 && offsetMinutes <= 59;
  return fieldsOk && Number.isFinite(Date.parse(value));
}

/** Milliseconds since the epoch of a Date or an ISO string with `Z` or an offset; throws otherwise. */
export function instantMs(instant: Date | string): number {
  if (typeof instant === 'string') {
    const canonical = canonicalInstantMs(instant);
    if (canonical !== null) return canonical;
    if (!ISO_INSTANT_PATTERN.test(instant)) {
      throw new RangeError(`an instant must be ISO 8601 with Z or an offset, got ${JSON.stringify(instant)}`);
    }
  }
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not a valid instant: ${String(instant)}`);
  return ms;
}

/**
 * Milliseconds since the epoch of an instant in `toISOString()` form (`YYYY-MM-DDTHH:mm:ss.sssZ`:
 * event data, rows a projection wrote), read digit by digit exactly as Date.parse reads it; null
 * for any other form or an impossible date. Deadlines are compared for every obligation of every
 * task a batch touches, and Date.parse was the costliest step of a task-board rebuild.
 */
export function canonicalInstantMs(s: string): number | null {
  if (s.length !== 24 || s.charCodeAt(23) !== 90 /* Z */ || s.charCodeAt(10) !== 84 /* T */) return null;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 46) return null;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  const milli = digits(s, 20, 3);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || milli < 0) return null;
  return epochDayOf(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + milli;
}

/** The number written in `length` decimal digits from `start`, or -1 if one is not a digit. */
function digits(s: string, start: number, length: number): number {
  let n = 0;
  for (let i = start; i < start + length; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}
