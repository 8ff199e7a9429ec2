import { Instant, LocalDate, TaskingEvent } from './tasking.types';
import { AgencyKind, AgencyLevel } from './agency.commands';

/** Persisted event type strings of `agency-<CODE>` streams: never rename. */
export const AgencyEventType = {
  AgencyRegistered: 'AgencyRegistered',
  AgencySucceeded: 'AgencySucceeded',
} as const;

/** Current schema version of each event type; raise it with an upcaster when a shape changes. */
export const AGENCY_EVENT_SCHEMA_VERSIONS = {
  AgencyRegistered: 1,
  AgencySucceeded: 1,
} as const;

export interface AgencyRegisteredData {
  code: string;
  nameVi: string;
  nameEn: string | null;
  level: AgencyLevel;
  kind: AgencyKind;
  collective: boolean;
  registeredAt: string;
}
export type AgencyRegistered = TaskingEvent<typeof AgencyEventType.AgencyRegistered, AgencyRegisteredData>;

/** The agency ceased on `effectiveOn`; its work is `successorCode`'s from `effectiveAt` (00:00 that day, Asia/Ho_Chi_Minh). */
export interface AgencySucceededData {
  code: string;
  successorCode: string;
  effectiveOn: LocalDate;
  effectiveAt: Instant;
  reason: string;
  recordedAt: Instant;
}
export type AgencySucceeded = TaskingEvent<typeof AgencyEventType.AgencySucceeded, AgencySucceededData>;

export type AgencyEvent = AgencyRegistered | AgencySucceeded;

export const agencyRegistered = (data: AgencyRegisteredData): AgencyRegistered => ({
  type: AgencyEventType.AgencyRegistered,
  schemaVersion: AGENCY_EVENT_SCHEMA_VERSIONS.AgencyRegistered,
  data,
});

export const agencySucceeded = (data: AgencySucceededData): AgencySucceeded => ({
  type: AgencyEventType.AgencySucceeded,
  schemaVersion: AGENCY_EVENT_SCHEMA_VERSIONS.AgencySucceeded,
  data,
});
