import { LocalDate } from '../dates';
import { UnitLevel } from '../units/units.types';
import { ModelCategory, MovementRating } from './movement.types';

/** Persisted event types: constants, never renamed. */
export const MOVEMENT_CLASSIFIED = 'MovementClassified';
export const MODEL_UNIT_RECOGNISED = 'ModelUnitRecognised';
export const MOVEMENT_EVENT_SCHEMA_VERSIONS = { [MOVEMENT_CLASSIFIED]: 1, [MODEL_UNIT_RECOGNISED]: 1 } as const;

interface UnitOfYear {
  year: number;
  unitId: string;
  unitName: string;
  unitLevel: UnitLevel;
  unitKind: string;
  category: ModelCategory;
  /** The province the unit was recorded under (for the province's yearly quotas). */
  provinceId: string | null;
}

/** The year's classification of a unit's movement and whether it is rated "An toàn về an ninh, trật tự". */
export interface MovementClassified {
  type: typeof MOVEMENT_CLASSIFIED;
  data: UnitOfYear & { rating: MovementRating; safe: boolean; classifiedOn: LocalDate; classifiedAt: string };
  schemaVersion?: number;
}

/** A unit recognised as a model (điển hình) for the year; only ever appended when eligible. */
export interface ModelUnitRecognised {
  type: typeof MODEL_UNIT_RECOGNISED;
  data: UnitOfYear & {
    rating: MovementRating;
    safe: boolean;
    /** The recognition decision, e.g. "Quyết định số 12/QĐ-UBND". */
    decision: string | null;
    recognisedOn: LocalDate;
    recognisedAt: string;
  };
  schemaVersion?: number;
}

export type MovementEvent = MovementClassified | ModelUnitRecognised;
