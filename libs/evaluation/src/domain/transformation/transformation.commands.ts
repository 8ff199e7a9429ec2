import { LocalDate } from '../dates';
import { ProgrammeDefinition } from '../programme/programme.types';
import { UnitRecord } from '../units/units.types';
import { Finding } from './transformation.events';

/** What the commune's other years in the same district say (read by the handler from their streams). */
export interface CommuneHistory {
  /** A selection of another year not yet evaluated. */
  openSelectionYear: number | null;
  /** A successful transformation not followed by a relapse: the commune left the list. */
  transformedYear: number | null;
}

export interface SelectCommune {
  type: 'SelectCommune';
  programme: Pick<ProgrammeDefinition, 'programmeId' | 'period' | 'transformationYears' | 'selectionCap' | 'criteriaGroups'>;
  year: number;
  commune: UnitRecord;
  /** The commune's parent as registered; undefined when it is not registered. */
  district: UnitRecord | undefined;
  /** Commune-level units of the district existing on `today` ("hiện có"). */
  districtCommuneCount: number;
  history: CommuneHistory;
  findings: Finding[];
  today: LocalDate;
  at: string;
}

export interface Measurement {
  indicatorId: string;
  value: number | boolean;
}

export interface EvaluateCommune {
  type: 'EvaluateCommune';
  programme: Pick<ProgrammeDefinition, 'programmeId' | 'indicators' | 'successRule'>;
  communeId: string;
  measurements: Measurement[];
  conditions: { conditionId: string; held: boolean }[];
  note: string | null;
  today: LocalDate;
  at: string;
}

export interface RecordRelapse {
  type: 'RecordRelapse';
  programme: Pick<ProgrammeDefinition, 'programmeId' | 'criteriaGroups'>;
  communeId: string;
  reason: string;
  findings: Finding[];
  today: LocalDate;
  at: string;
}

export type TransformationCommand = SelectCommune | EvaluateCommune | RecordRelapse;
