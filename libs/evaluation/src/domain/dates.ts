/**
 * Calendar dates (`YYYY-MM-DD`) in Asia/Ho_Chi_Minh, for the evaluation domain. Pure: every
 * instant arrives from the caller (the command's `now`), never from a clock read here.
 * Vietnam has used a fixed UTC+7 without daylight saving since 1975, so a fixed offset is exact.
 */
export type LocalDate = string;

const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const MS_PER_DAY = 86_400_000;
const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The years a date may name, as in tasking (1900–2100): programmes, units and as-of dates. */
export const FIRST_DATE_YEAR = 1900;
export const LAST_DATE_YEAR = 2100;

/** A real calendar date written `YYYY-MM-DD` (2023-02-29 is not) in 1900–2100. */
export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const match = PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < FIRST_DATE_YEAR || year > LAST_DATE_YEAR) return false;
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The Vietnamese calendar date of an instant. */
export function localDateOf(instant: Date): LocalDate {
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** The last millisecond of a Vietnamese calendar day, as an instant (for "as of" reads). */
export function endOfLocalDay(date: LocalDate): Date {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day) - VIETNAM_OFFSET_MS + MS_PER_DAY - 1);
}

export function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4));
}

/** Adds whole years; 29/02 falls on 28/02 in a common year (Civil Code art. 147-148). */
export function addYears(date: LocalDate, years: number): LocalDate {
  const [year, month, day] = date.split('-').map(Number);
  const target = year + years;
  const clamped = Math.min(day, daysInMonth(target, month));
  return `${String(target).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(clamped).padStart(2, '0')}`;
}

/** `d/m/yyyy`, as Vietnamese documents write dates. */
export function formatDateVi(date: LocalDate): string {
  const [year, month, day] = date.split('-');
  return `${day}/${month}/${year}`;
}

export function minDate(a: LocalDate, b: LocalDate): LocalDate {
  return a <= b ? a : b;
}
