/**
 * The status classes users expect on a task or a reporting period (DESIGN.md): chưa đến hạn,
 * sắp đến hạn, quá hạn, hoàn thành đúng hạn, hoàn thành quá hạn, đã hủy.
 */
import { instantMs, localDateOf, startOfLocalDay } from './local-date';
import type { WorkingCalendar } from './working-calendar';

export type StatusClass = 'not_due' | 'due_soon' | 'overdue' | 'done_on_time' | 'done_late' | 'cancelled';

export const STATUS_CLASSES: readonly StatusClass[] = ['not_due', 'due_soon', 'overdue', 'done_on_time', 'done_late', 'cancelled'];

export const STATUS_LABELS_VI: Readonly<Record<StatusClass, string>> = Object.freeze({
  not_due: 'Chưa đến hạn',
  due_soon: 'Sắp đến hạn',
  overdue: 'Quá hạn',
  done_on_time: 'Hoàn thành đúng hạn',
  done_late: 'Hoàn thành quá hạn',
  cancelled: 'Đã hủy',
});

/** Working days before the due day from which an open item is "sắp đến hạn" (matches the first default reminder). */
export const DEFAULT_DUE_SOON_WORKING_DAYS = 3;

export interface StatusInput {
  /** ISO instant at which the item becomes late (a Deadline's or ReportingPeriod's `dueAt`, after any extension). */
  dueAt: string;
  /** When the report or task was accepted as done; ignored while it is after `now` (time travel). */
  satisfiedAt?: string | null;
  cancelled?: boolean;
}

/**
 * The status class at `now`:
 * - cancelled wins over everything;
 * - done on time when satisfied strictly before dueAt, done late when at or after it;
 * - overdue from dueAt on;
 * - due soon from the start of the `dueSoonWorkingDays`-th working day before the due day
 *   (the due day itself included) until dueAt;
 * - not due before that.
 */
export function statusClass(
  item: StatusInput,
  now: Date,
  calendar: WorkingCalendar,
  dueSoonWorkingDays: number = DEFAULT_DUE_SOON_WORKING_DAYS,
): StatusClass {
  if (!Number.isInteger(dueSoonWorkingDays) || dueSoonWorkingDays < 0) {
    throw new RangeError(`dueSoonWorkingDays must be a non-negative integer, got ${dueSoonWorkingDays}`);
  }
  if (item.cancelled) return 'cancelled';
  const nowMs = instantMs(now);
  const dueAtMs = instantMs(item.dueAt);
  if (item.satisfiedAt != null) {
    const satisfiedMs = instantMs(item.satisfiedAt);
    if (satisfiedMs <= nowMs) return satisfiedMs < dueAtMs ? 'done_on_time' : 'done_late';
  }
  if (nowMs >= dueAtMs) return 'overdue';
  return nowMs >= dueSoonFromMs(item.dueAt, calendar, dueSoonWorkingDays) ? 'due_soon' : 'not_due';
}

/** The instant an item due at `dueAt` becomes "sắp đến hạn": 00:00 of the n-th working day before its due day. */
export function dueSoonFrom(dueAt: string, calendar: WorkingCalendar, dueSoonWorkingDays = DEFAULT_DUE_SOON_WORKING_DAYS): string {
  return new Date(dueSoonFromMs(dueAt, calendar, dueSoonWorkingDays)).toISOString();
}

function dueSoonFromMs(dueAt: string, calendar: WorkingCalendar, dueSoonWorkingDays: number): number {
  // dueAt is the end of the due day, i.e. 00:00 of the next day; the due day is the one just before it.
  const dueDate = localDateOf(new Date(instantMs(dueAt) - 1));
  return instantMs(startOfLocalDay(calendar.addWorkingDays(dueDate, -dueSoonWorkingDays)));
}
