import { Actor } from '@dondoc/platform/auth/actor';
import type { AgencySuccessions } from './agency-succession';

/** A calendar date in Asia/Ho_Chi_Minh, `YYYY-MM-DD` (the same convention as @dondoc/calendar). */
export type LocalDate = string;

/** An ISO 8601 instant, e.g. `2019-12-20T17:00:00.000Z`. */
export type Instant = string;

/** Who sends a command and when: built at the edge from the bearer token and the injected clock. */
export interface CommandMetadata {
  actor: Actor;
  /** Business time (ISO 8601) from the injected clock; the domain never reads a clock. */
  now: Instant;
  /**
   * The agency successions effective at `now` that bear on the command, resolved by the handler
   * (an agency officer acts on the tasks of the agencies whose work passed to theirs). Absent:
   * every agency answers for itself.
   */
  successions?: AgencySuccessions;
}

export interface TaskingCommand<TType extends string, TData> {
  type: TType;
  data: TData;
  metadata: CommandMetadata;
}

/** A tasking event as a decider returns it: `schemaVersion` is stored with the event. */
export interface TaskingEvent<TType extends string, TData> {
  type: TType;
  schemaVersion: number;
  data: TData;
}

/** Agency codes as in fixtures/agencies.json: ASCII upper case, e.g. `CA_TINH`. */
export const AGENCY_CODE_PATTERN = /^[A-Z0-9_]{2,64}$/;
/** Ids chosen by clients or derived by the importer (UUIDs fit): no leading `_` or `.`. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
export const LOCAL_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Longest free text (task text, report text) accepted anywhere in tasking. */
export const MAX_TEXT_LENGTH = 20_000;
export const MAX_TITLE_LENGTH = 1_000;
export const MAX_REASON_LENGTH = 4_000;

/**
 * The years a date in a plan may name. The working calendar computes deadlines for 1801–2198
 * only (its lunar tables); keeping plan dates to 1900–2100 leaves every deadline derived from
 * them (a period's report due the next year, an extension) well inside it, so a date accepted
 * here can never make a deadline, a projection or a report fail later.
 */
export const FIRST_PLAN_YEAR = 1900;
export const LAST_PLAN_YEAR = 2100;

/** `YYYY-MM-DD` that names a real calendar day (2019-02-29 does not) in 1900–2100. */
export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string' || !LOCAL_DATE_PATTERN.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number);
  if (year < FIRST_PLAN_YEAR || year > LAST_PLAN_YEAR) return false;
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Instants compared as instants, not as strings (offsets may differ). */
export function isAtOrAfter(instant: Instant, reference: Instant): boolean {
  return Date.parse(instant) >= Date.parse(reference);
}

export function isAfter(instant: Instant, reference: Instant): boolean {
  return Date.parse(instant) > Date.parse(reference);
}
