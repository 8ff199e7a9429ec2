import { LocalDate } from '../dates';
import { UnitRecord } from '../units/units.types';
import { MovementRating } from './movement.types';

export interface ClassifyMovement {
  type: 'ClassifyMovement';
  year: number;
  unit: UnitRecord;
  provinceId: string | null;
  rating: MovementRating;
  safe: boolean;
  today: LocalDate;
  at: string;
}

export interface RecogniseModelUnit {
  type: 'RecogniseModelUnit';
  year: number;
  unitId: string;
  decision: string | null;
  today: LocalDate;
  at: string;
}

export type MovementCommand = ClassifyMovement | RecogniseModelUnit;
