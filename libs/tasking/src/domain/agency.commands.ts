import { TaskingCommand } from './tasking.types';

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

export type AgencyCommand = RegisterAgency;
