import { assertNever } from '@dondoc/event-store/decider/decider';
import { Comparator, Indicator } from './programme.types';

/**
 * The arithmetic of plans 94 and 1875, pure and exact. Percentages are compared in integers
 * (hundredths of a percent) so that "exactly 80%" is never lost to binary fractions:
 * 4 of 5 is 80% and succeeds, 799 of 1000 is 79.9% and does not.
 */

/** Hundredths of a percent, as an integer (80 → 8000, 79.9 → 7990). */
const basisPoints = (percent: number): number => Math.round(percent * 100);

/** numerator / denominator >= percent%, exactly. False for an empty denominator. */
export function atLeastPercent(numerator: number, denominator: number, percent: number): boolean {
  if (denominator <= 0) return false;
  return numerator * 10_000 >= basisPoints(percent) * denominator;
}

/** A share for display, in percent rounded to one decimal (never used to decide). */
export function percentOf(numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null;
  return Math.round((numerator * 1000) / denominator) / 10;
}

export function compare(value: number | boolean, comparator: Comparator, threshold: number | boolean): boolean {
  if (typeof value === 'boolean' || typeof threshold === 'boolean') {
    return comparator === '=' && value === threshold;
  }
  switch (comparator) {
    case '>=':
      return value >= threshold;
    case '>':
      return value > threshold;
    case '<=':
      return value <= threshold;
    case '<':
      return value < threshold;
    case '=':
      return value === threshold;
    default:
      return assertNever(comparator, 'comparator');
  }
}

export const indicatorMet = (indicator: Pick<Indicator, 'comparator' | 'threshold'>, value: number | boolean): boolean =>
  compare(value, indicator.comparator, indicator.threshold);

/**
 * Plan 94 II.4: a commune succeeds when it meets at least `minimumMetPercent`% of the
 * indicators: met / total >= 0.80, no rounding of the share.
 */
export const successRuleMet = (met: number, total: number, minimumMetPercent: number): boolean =>
  atLeastPercent(met, total, minimumMetPercent);

/** The smallest number of met indicators that succeeds: ceil(percent × total / 100); 9 indicators → 8. */
export function requiredMetCount(total: number, minimumMetPercent: number): number {
  for (let met = 0; met <= total; met++) if (successRuleMet(met, total, minimumMetPercent)) return met;
  return total + 1;
}

/**
 * Plan 94 II.2: "không vượt quá 15%" of a district's commune-level units per year, in whole
 * communes: floor(percent × N / 100). 20 communes → 3 (15% is exactly 3); 21 → 3 (3.15);
 * 7 → 1 (1.05); 6 or fewer → 0 (0.9 and below), i.e. such a district cannot select any
 * commune in a year — the fixture's reading (`max_count_formula`), since 1 of 6 is 16.7% > 15%.
 */
export function selectionCap(communeCount: number, maxPercent: number): number {
  return Math.floor((communeCount * basisPoints(maxPercent)) / 10_000);
}

export type GoalStatus = 'met' | 'not_met' | 'pending' | 'not_applicable';

/**
 * Whether at least `goalPercent`% of `total` succeeded, once that is known: `met` as soon as
 * the successes reach it, `not_met` as soon as even every pending case succeeding would not,
 * `pending` in between, `not_applicable` with nothing to count.
 */
export function goalStatus(successes: number, pending: number, total: number, goalPercent: number): GoalStatus {
  if (total === 0) return 'not_applicable';
  if (atLeastPercent(successes, total, goalPercent)) return 'met';
  if (!atLeastPercent(successes + pending, total, goalPercent)) return 'not_met';
  return 'pending';
}
