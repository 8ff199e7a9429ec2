import { WorkingCalendar } from '@dondoc/calendar';
import { instantMs, localDateOf, startOfLocalDay } from '@dondoc/calendar/local-date';
import { LocalDate } from './follow-up.types';

/** Office hours in Asia/Ho_Chi_Minh, as minutes after local midnight: [start, end). */
export interface WorkingHours {
  startMinutes: number;
  endMinutes: number;
}

export const DEFAULT_WORKING_HOURS: WorkingHours = { startMinutes: 7 * 60 + 30, endMinutes: 17 * 60 };

const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `HH:MM` → minutes after midnight, or null when malformed. */
export function parseLocalTime(text: string): number | null {
  const match = TIME_PATTERN.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

export function formatLocalTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** `07:30-17:00` → WorkingHours; throws a RangeError naming the problem. */
export function parseWorkingHours(text: string): WorkingHours {
  const [from, to, extra] = text.split('-').map((part) => part.trim());
  const startMinutes = from === undefined ? null : parseLocalTime(from);
  const endMinutes = to === undefined ? null : parseLocalTime(to);
  if (extra !== undefined || startMinutes === null || endMinutes === null || startMinutes >= endMinutes) {
    throw new RangeError(`working hours must be "HH:MM-HH:MM" with start before end, got ${JSON.stringify(text)}`);
  }
  return { startMinutes, endMinutes };
}

/** The instant `minutes` after local midnight of `date` (UTC+7, no DST). */
export function localInstantMs(date: LocalDate, minutes: number): number {
  return instantMs(startOfLocalDay(date)) + minutes * 60_000;
}

/** Minutes after local midnight of an instant. */
export function localMinutesOf(ms: number): number {
  return Math.floor((ms - instantMs(startOfLocalDay(localDateOf(new Date(ms))))) / 60_000);
}

/**
 * `ms` itself when it falls on a working day within working hours; otherwise the start of the
 * next working hours (the same day's start when it is a working day and `ms` is before it).
 */
export function nextWorkingInstantMs(ms: number, calendar: WorkingCalendar, hours: WorkingHours): number {
  const date = localDateOf(new Date(ms));
  const minutes = (ms - localInstantMs(date, 0)) / 60_000;
  if (calendar.isWorkingDay(date)) {
    if (minutes < hours.startMinutes) return localInstantMs(date, hours.startMinutes);
    if (minutes < hours.endMinutes) return ms;
  }
  return localInstantMs(calendar.nextWorkingDay(date), hours.startMinutes);
}

export function isWithinWorkingHours(ms: number, calendar: WorkingCalendar, hours: WorkingHours): boolean {
  return nextWorkingInstantMs(ms, calendar, hours) === ms;
}
