/**
 * The periods of a reporting schedule and their deadlines.
 *
 * Period ids are stable strings that other contexts persist in events: `YYYY-MM` (monthly),
 * `YYYY` (yearly), the nominal `YYYY-MM-DD` (interval and once).
 */
import type { LocalDate, ReportingPeriod, ReportingSchedule } from './reporting-schedule';
import { addMonthsClamped, assertLocalDate, clampedDate, daysInMonth, isLocalDate, splitLocalDate } from './local-date';
import { deadlineFor } from './deadlines';
import { FIRST_CALENDAR_YEAR, LAST_CALENDAR_YEAR, type WorkingCalendar } from './working-calendar';

/** Inclusive range of nominal dates, usually the plan's period. */
export interface ReportingWindow {
  from: LocalDate;
  to: LocalDate;
}

interface NominalPeriod {
  periodId: string;
  nominalDate: LocalDate;
}

/** Every period whose nominal date lies within [from, to], oldest first, with its deadline on `calendar`. */
export function reportingPeriods(
  schedule: ReportingSchedule,
  window: ReportingWindow,
  calendar: WorkingCalendar,
): ReportingPeriod[] {
  assertSchedule(schedule);
  assertLocalDate(window.from, 'window.from');
  assertLocalDate(window.to, 'window.to');
  if (window.from > window.to) throw new RangeError(`window.from ${window.from} is after window.to ${window.to}`);
  return nominalPeriodsWithin(schedule, window).map((period) => toReportingPeriod(period, schedule, calendar));
}

/** The period `periodId` of `schedule`, or null when the schedule does not produce that id. */
export function periodForId(
  schedule: ReportingSchedule,
  periodId: string,
  calendar: WorkingCalendar,
): ReportingPeriod | null {
  assertSchedule(schedule);
  const nominalDate = nominalDateOfId(schedule, periodId);
  if (nominalDate === null) return null;
  const [year] = splitLocalDate(nominalDate);
  if (year < FIRST_CALENDAR_YEAR || year > LAST_CALENDAR_YEAR) return null;
  return toReportingPeriod({ periodId, nominalDate }, schedule, calendar);
}

function toReportingPeriod(period: NominalPeriod, schedule: ReportingSchedule, calendar: WorkingCalendar): ReportingPeriod {
  const { dueDate, dueAt } = deadlineFor(period.nominalDate, schedule.relation, calendar);
  return { periodId: period.periodId, nominalDate: period.nominalDate, dueDate, dueAt };
}

function nominalPeriodsWithin(schedule: ReportingSchedule, window: ReportingWindow): NominalPeriod[] {
  const within = (date: LocalDate): boolean => date >= window.from && date <= window.to;
  const [fromYear, fromMonth] = splitLocalDate(window.from);
  const [toYear, toMonth] = splitLocalDate(window.to);
  const periods: NominalPeriod[] = [];
  switch (schedule.kind) {
    case 'monthly':
      for (let index = fromYear * 12 + fromMonth - 1; index <= toYear * 12 + toMonth - 1; index++) {
        const [year, month] = [Math.floor(index / 12), (index % 12) + 1];
        periods.push({ periodId: monthlyId(year, month), nominalDate: clampedDate(year, month, schedule.day) });
      }
      break;
    case 'yearly':
      for (let year = fromYear; year <= toYear; year++) {
        periods.push({ periodId: String(year).padStart(4, '0'), nominalDate: clampedDate(year, schedule.month, schedule.day) });
      }
      break;
    case 'interval': {
      // Start one step before the window so that clamping near its start cannot skip a period.
      const monthsToWindow = monthIndex(window.from) - monthIndex(schedule.anchor);
      for (let k = Math.floor(monthsToWindow / schedule.everyMonths) - 1; ; k++) {
        const nominalDate = addMonthsClamped(schedule.anchor, k * schedule.everyMonths);
        if (nominalDate > window.to) break;
        periods.push({ periodId: nominalDate, nominalDate });
      }
      break;
    }
    case 'once':
      periods.push({ periodId: schedule.date, nominalDate: schedule.date });
      break;
    default:
      return assertNever(schedule);
  }
  return periods.filter((period) => within(period.nominalDate));
}

/** The nominal date a period id stands for under `schedule`, or null if the schedule has no such period. */
function nominalDateOfId(schedule: ReportingSchedule, periodId: string): LocalDate | null {
  switch (schedule.kind) {
    case 'monthly': {
      const match = /^(\d{4})-(\d{2})$/.exec(periodId);
      if (!match) return null;
      const [year, month] = [Number(match[1]), Number(match[2])];
      return month >= 1 && month <= 12 ? clampedDate(year, month, schedule.day) : null;
    }
    case 'yearly':
      return /^\d{4}$/.test(periodId) ? clampedDate(Number(periodId), schedule.month, schedule.day) : null;
    case 'interval': {
      if (!isLocalDate(periodId)) return null;
      const months = monthIndex(periodId) - monthIndex(schedule.anchor);
      if (months % schedule.everyMonths !== 0) return null;
      return addMonthsClamped(schedule.anchor, months) === periodId ? periodId : null;
    }
    case 'once':
      return periodId === schedule.date ? schedule.date : null;
    default:
      return assertNever(schedule);
  }
}

function monthlyId(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

function monthIndex(date: LocalDate): number {
  const [year, month] = splitLocalDate(date);
  return year * 12 + month - 1;
}

/** Rejects schedules no plan could mean, naming the bad field. */
export function assertSchedule(schedule: ReportingSchedule): void {
  if (schedule.relation !== 'on' && schedule.relation !== 'before') {
    throw new RangeError(`relation must be 'on' or 'before', got ${JSON.stringify((schedule as { relation: unknown }).relation)}`);
  }
  switch (schedule.kind) {
    case 'monthly':
      assertIntegerIn(schedule.day, 1, 31, 'day');
      return;
    case 'yearly':
      assertIntegerIn(schedule.month, 1, 12, 'month');
      // 29/2 is allowed (it falls on 28/2 in common years); 30/2 or 31/4 is not a date.
      assertIntegerIn(schedule.day, 1, daysInMonth(2000, schedule.month), 'day');
      return;
    case 'interval':
      assertIntegerIn(schedule.everyMonths, 1, 1200, 'everyMonths');
      assertLocalDate(schedule.anchor, 'anchor');
      return;
    case 'once':
      assertLocalDate(schedule.date, 'date');
      return;
    default:
      assertNever(schedule);
  }
}

function assertIntegerIn(value: number, min: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${what} must be an integer ${min}-${max}, got ${JSON.stringify(value)}`);
  }
}

function assertNever(value: never): never {
  throw new RangeError(`unknown schedule kind: ${JSON.stringify((value as { kind?: unknown }).kind)}`);
}
