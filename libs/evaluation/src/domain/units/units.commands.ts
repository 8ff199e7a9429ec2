import { LocalDate } from '../dates';
import { Succession, UnitData } from './units.types';

export interface RegisterUnit {
  type: 'RegisterUnit';
  unit: UnitData;
  /** ISO instant from the command context. */
  at: string;
}

export interface ReorganiseUnits {
  type: 'ReorganiseUnits';
  reorganisationId: string;
  effectiveOn: LocalDate;
  basis: string;
  /** Units that come into existence by this reorganisation (validFrom = effectiveOn). */
  newUnits: Omit<UnitData, 'validFrom'>[];
  successions: Succession[];
  at: string;
}

export type UnitsCommand = RegisterUnit | ReorganiseUnits;
