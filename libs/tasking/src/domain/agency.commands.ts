import type { SuccessionLink } from './agency-succession';
import { LocalDate, TaskingCommand } from './tasking.types';

export const AGENCY_LEVELS = ['central', 'province', 'district', 'commune', 'multi'] as const;
export type AgencyLevel = (typeof AGENCY_LEVELS)[number];

/** Kinds as in fixtures/agencies.json `conventions.kind`, plus `other`. */
export const AGENCY_KINDS = [
  'committee',
  'council',
  'department',
  'board',
  'steering_committee',
  'monitoring_team',
  'police',
  'military',
  'border_guard',
  'armed_forces',
  'customs',
  'market_surveillance',
  'inspectorate',
  'procuracy',
  'court',
  'front',
  'mass_organization',
  'party',
  'ministry',
  'government',
  'legislature',
  'enterprise',
  'press',
  'school',
  'other',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export type RegisterAgency = TaskingCommand<
  'RegisterAgency',
  {
    /** e.g. `CA_TINH`; also the stream id `agency-CA_TINH`. */
    code: string;
    nameVi: string;
    nameEn: string | null;
    level: AgencyLevel;
    kind: AgencyKind;
    /** A collective addressee (e.g. `UBND_HUYEN`, all district committees): an assignment to it fans out to each member. */
    collective: boolean;
  }
>;

/**
 * Agency `code` ceases on `effectiveOn` and its work passes to `successorCode` (e.g. a district
 * People's Committee abolished by the reform of 1 July 2025). Nothing already recorded changes:
 * readers show the successor for instants from the start of that day on.
 */
export type RecordAgencySuccession = TaskingCommand<
  'RecordAgencySuccession',
  {
    code: string;
    successorCode: string;
    effectiveOn: LocalDate;
    reason: string;
    /**
     * Resolved by the handler from the successor's stream and its successors' streams: whether it
     * is registered, and every succession recorded along its chain whatever their dates, the
     * successor's own first (empty when it stands for itself).
     */
    successor: { registered: boolean; successions: SuccessionLink[] };
  }
>;

export type AgencyCommand = RegisterAgency | RecordAgencySuccession;
