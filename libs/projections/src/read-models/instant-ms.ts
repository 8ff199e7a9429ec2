import { daysInMonth, epochDayOf } from '@dondoc/calendar';

/**
 * Milliseconds since the epoch of an ISO instant, as `Date.parse` gives them (NaN for null).
 * Instants in `toISOString()` form (`YYYY-MM-DDTHH:mm:ss.sssZ`: event data, rows a batch wrote)
 * are read digit by digit: the task board compares deadlines for every obligation of every task a
 * batch touches, and `Date.parse` was the costliest step of a rebuild. Anything else (an offset,
 * fewer digits, an impossible date) goes to `Date.parse`.
 */
export function instantMs(instant: string | null): number {
  if (instant === null) return NaN;
  const fast = canonicalMs(instant);
  return fast === null ? Date.parse(instant) : fast;
}

const MS_PER_DAY = 86_400_000;

function canonicalMs(s: string): number | null {
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
