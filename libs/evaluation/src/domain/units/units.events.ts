import { LocalDate } from '../dates';
import { Succession, UnitData } from './units.types';

/** Event type strings are persisted: constants, never renamed, never `Class.name`. */
export const UNIT_REGISTERED = 'UnitRegistered';
export const UNITS_REORGANISED = 'UnitsReorganised';

export const UNITS_EVENT_SCHEMA_VERSIONS = { [UNIT_REGISTERED]: 1, [UNITS_REORGANISED]: 1 } as const;

export interface UnitRegistered {
  type: typeof UNIT_REGISTERED;
  data: UnitData & { registeredAt: string };
  schemaVersion?: number;
}

/**
 * Units stop existing on `effectiveOn` and each is succeeded by `successorId`. Nothing that
 * was recorded about the old units is rewritten: readers resolve an old unit to its successor
 * for dates on or after `effectiveOn` and keep the original before it.
 */
export interface UnitsReorganised {
  type: typeof UNITS_REORGANISED;
  data: {
    reorganisationId: string;
    effectiveOn: LocalDate;
    /** The legal basis, e.g. "Nghị quyết số 202/2025/QH15". */
    basis: string;
    successions: Succession[];
    reorganisedAt: string;
  };
  schemaVersion?: number;
}

export type UnitsEvent = UnitRegistered | UnitsReorganised;
