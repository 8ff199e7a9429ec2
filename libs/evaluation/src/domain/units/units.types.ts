import { LocalDate } from '../dates';

/**
 * Administrative units and the organisations that can be evaluated. Levels are the
 * hierarchy; kinds are the Vietnamese names the plans use (persisted as written, NFC).
 */
export const UNIT_LEVELS = ['province', 'district', 'commune', 'organisation'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

export const COMMUNE_KINDS = ['xã', 'phường', 'thị trấn'] as const;
export type CommuneKind = (typeof COMMUNE_KINDS)[number];

export const ORGANISATION_KINDS = ['cơ quan', 'doanh nghiệp', 'cơ sở giáo dục'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const UNIT_KINDS: Record<UnitLevel, readonly string[]> = {
  province: ['tỉnh', 'thành phố trực thuộc trung ương'],
  district: ['huyện', 'quận', 'thị xã', 'thành phố'],
  commune: COMMUNE_KINDS,
  organisation: ORGANISATION_KINDS,
};

export const ALL_UNIT_KINDS: readonly string[] = [...new Set(Object.values(UNIT_KINDS).flat())];

/** Which levels a unit of each level may sit under. After 1 July 2025 communes sit directly under provinces. */
export const PARENT_LEVELS: Record<UnitLevel, readonly UnitLevel[]> = {
  province: [],
  district: ['province'],
  commune: ['district', 'province'],
  organisation: ['province', 'district', 'commune'],
};

/** Which levels may succeed a unit of each level (a district's successor may be its province). */
export const SUCCESSOR_LEVELS: Record<UnitLevel, readonly UnitLevel[]> = {
  province: ['province'],
  district: ['district', 'province'],
  commune: ['commune'],
  organisation: ['organisation'],
};

export interface UnitData {
  unitId: string;
  name: string;
  level: UnitLevel;
  kind: string;
  parentId: string | null;
  /** First day of validity; null = already in existence when first recorded. */
  validFrom: LocalDate | null;
}

export interface Succession {
  unitId: string;
  /** null when the unit is abolished without a successor. */
  successorId: string | null;
}

/** A unit as the registry knows it now: its validity ends (exclusive) where a reorganisation took effect. */
export interface UnitRecord extends UnitData {
  /** First day on which the unit no longer exists; null while it does. */
  validUntil: LocalDate | null;
  successorId: string | null;
  reorganisationId: string | null;
}

/** The unit in the terms a report shows it: what it was, and what it is shown as on a date. */
export interface UnitView {
  unitId: string;
  name: string;
  level: UnitLevel;
  kind: string;
}
