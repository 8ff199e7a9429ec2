import { TaskingEvent } from './tasking.types';
import { AgencyKind, AgencyLevel } from './agency.commands';

/** Persisted event type strings of `agency-<CODE>` streams: never rename. */
export const AgencyEventType = {
  AgencyRegistered: 'AgencyRegistered',
} as const;

/** Current schema version of each event type; raise it with an upcaster when a shape changes. */
export const AGENCY_EVENT_SCHEMA_VERSIONS = {
  AgencyRegistered: 1,
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

export type AgencyEvent = AgencyRegistered;

export const agencyRegistered = (data: AgencyRegisteredData): AgencyRegistered => ({
  type: AgencyEventType.AgencyRegistered,
  schemaVersion: AGENCY_EVENT_SCHEMA_VERSIONS.AgencyRegistered,
  data,
});
