import { canonicalInstantMs } from '@dondoc/calendar';

/**
 * Milliseconds since the epoch of an instant as `Date.parse` gives them, NaN for null or for
 * what Date.parse cannot read (the read models hold nullable instants and never throw on one).
 * The `toISOString()` form, nearly every instant a projection sees, is read without Date.parse.
 */
export function lenientInstantMs(instant: string | null): number {
  if (instant === null) return NaN;
  return canonicalInstantMs(instant) ?? Date.parse(instant);
}
