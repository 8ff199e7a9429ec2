import { ReportingSchedule } from '@dondoc/calendar/reporting-schedule';
import { invalid } from '@dondoc/platform/errors/domain-error';
import { AGENCY_CODE_PATTERN, daysInMonth, ID_PATTERN, isLocalDate, LocalDate } from './tasking.types';
import { TaskingErrors } from './tasking.errors';

/**
 * Invariants the domain keeps whoever calls it (HTTP, the importer, the CLI). The HTTP DTOs
 * check the same shapes earlier so that a 400 names every bad field at once.
 */
export function requireText(field: string, value: string, max: number): string {
  if (typeof value !== 'string' || value.trim() === '') throw TaskingErrors.textRequired(field);
  if (value.length > max) throw TaskingErrors.textTooLong(field, max);
  return value;
}

export function optionalText(field: string, value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  return requireText(field, value, max);
}

export function requireReason(value: string | null | undefined, max: number): string {
  if (typeof value !== 'string' || value.trim() === '') throw TaskingErrors.reasonRequired();
  return requireText('reason', value, max);
}

export function requireAgencyCode(field: string, value: string): string {
  if (typeof value !== 'string' || !AGENCY_CODE_PATTERN.test(value)) throw TaskingErrors.codeInvalid(field, String(value));
  return value;
}

export function requireDate(field: string, value: unknown): LocalDate {
  if (!isLocalDate(value)) throw TaskingErrors.dateInvalid(field, value);
  return value;
}

const RELATIONS = ['on', 'before'];

/** A reporting schedule the calendar can compute deadlines for (shape in @dondoc/calendar). */
export function assertValidSchedule(schedule: ReportingSchedule): ReportingSchedule {
  const bad = (detail: string): never => {
    throw TaskingErrors.scheduleInvalid(detail);
  };
  if (!schedule || typeof schedule !== 'object') return bad('thiếu chế độ báo cáo');
  if (!RELATIONS.includes(schedule.relation)) bad(`relation phải là "on" hoặc "before"`);
  const isInt = (n: unknown, min: number, max: number) => Number.isInteger(n) && (n as number) >= min && (n as number) <= max;
  switch (schedule.kind) {
    case 'monthly':
      if (!isInt(schedule.day, 1, 31)) bad('ngày trong tháng phải từ 1 đến 31');
      return schedule;
    case 'yearly':
      if (!isInt(schedule.month, 1, 12)) bad('tháng phải từ 1 đến 12');
      // 29/02 is a valid yearly date: in common years it falls on the month's last day.
      if (!isInt(schedule.day, 1, daysInMonth(2000, schedule.month))) bad(`ngày ${schedule.day}/${schedule.month} không tồn tại`);
      return schedule;
    case 'interval':
      if (!isInt(schedule.everyMonths, 1, 120)) bad('chu kỳ (everyMonths) phải từ 1 đến 120 tháng');
      if (!isLocalDate(schedule.anchor)) bad('ngày mốc (anchor) không hợp lệ');
      return schedule;
    case 'once':
      if (!isLocalDate(schedule.date)) bad('ngày báo cáo (date) không hợp lệ');
      return schedule;
    default:
      return bad(`loại "${String((schedule as { kind?: unknown }).kind)}" không được hỗ trợ`);
  }
}

export function requireId(field: string, value: string): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    throw invalid('ID_INVALID', `${field}: mã "${String(value)}" không hợp lệ (chữ, số, _ . : -; tối đa 128 ký tự)`, { field });
  }
  return value;
}
