import { LocalDate } from '../dates';
import { CriteriaGroupKey, Comparator } from '../programme/programme.types';

/** Persisted event types: constants, never renamed. */
export const COMMUNE_SELECTED_FOR_TRANSFORMATION = 'CommuneSelectedForTransformation';
export const COMMUNE_EVALUATED = 'CommuneEvaluated';
export const COMMUNE_TRANSFORMATION_SUCCEEDED = 'CommuneTransformationSucceeded';
export const COMMUNE_TRANSFORMATION_FAILED = 'CommuneTransformationFailed';
export const COMMUNE_RELAPSED = 'CommuneRelapsed';

export const TRANSFORMATION_EVENT_SCHEMA_VERSIONS = {
  [COMMUNE_SELECTED_FOR_TRANSFORMATION]: 1,
  [COMMUNE_EVALUATED]: 1,
  [COMMUNE_TRANSFORMATION_SUCCEEDED]: 1,
  [COMMUNE_TRANSFORMATION_FAILED]: 1,
  [COMMUNE_RELAPSED]: 1,
} as const;

/** What was found about a commune under one of the four criteria groups (plan 94 II.3). */
export interface Finding {
  group: CriteriaGroupKey;
  /** A criterion of the programme's group, e.g. `94-TC-b-2`; null for a finding outside the list. */
  criterionId: string | null;
  /** A count, or true/false for a presence criterion; null when only described. */
  value: number | boolean | null;
  note: string | null;
}

interface InDistrictYear {
  districtId: string;
  year: number;
  communeId: string;
}

/**
 * A commune enters the district's list for `year`. The cap arithmetic is recorded with it
 * (N communes, percent, cap, this selection's rank), so that an auditor sees why it was allowed.
 */
export interface CommuneSelectedForTransformation {
  type: typeof COMMUNE_SELECTED_FOR_TRANSFORMATION;
  data: InDistrictYear & {
    programmeId: string;
    communeName: string;
    communeKind: string;
    findings: Finding[];
    communeCount: number;
    capPercent: number;
    cap: number;
    /** Selections of the district-year including this one (<= cap). */
    selectedCount: number;
    selectedOn: LocalDate;
    /** End of the commune's transformation period (selectedOn + programme duration). */
    evaluationDueOn: LocalDate;
    selectedAt: string;
  };
  schemaVersion?: number;
}

export interface IndicatorResult {
  indicatorId: string;
  comparator: Comparator;
  threshold: number | boolean;
  unit: string;
  value: number | boolean;
  met: boolean;
}

/** Each indicator's measured value and whether it was met; the outcome follows in its own event. */
export interface CommuneEvaluated {
  type: typeof COMMUNE_EVALUATED;
  data: InDistrictYear & {
    programmeId: string;
    results: IndicatorResult[];
    conditions: { conditionId: string; held: boolean }[];
    metCount: number;
    indicatorCount: number;
    minimumMetPercent: number;
    requiredMetCount: number;
    note: string | null;
    evaluatedOn: LocalDate;
    evaluatedAt: string;
  };
  schemaVersion?: number;
}

/** The commune leaves the list (plan 94 II.2: "được đưa ra khỏi diện"). */
export interface CommuneTransformationSucceeded {
  type: typeof COMMUNE_TRANSFORMATION_SUCCEEDED;
  data: InDistrictYear & { succeededOn: LocalDate; succeededAt: string };
  schemaVersion?: number;
}

export const FAILURE_REASONS = ['INDICATORS_BELOW_THRESHOLD', 'CONDITIONS_NOT_HELD'] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export interface CommuneTransformationFailed {
  type: typeof COMMUNE_TRANSFORMATION_FAILED;
  data: InDistrictYear & { reasons: FailureReason[]; failedOn: LocalDate; failedAt: string };
  schemaVersion?: number;
}

/** A transformed commune became complex again ("phức tạp trở lại"). */
export interface CommuneRelapsed {
  type: typeof COMMUNE_RELAPSED;
  data: InDistrictYear & { reason: string; findings: Finding[]; relapsedOn: LocalDate; relapsedAt: string };
  schemaVersion?: number;
}

export type TransformationEvent =
  | CommuneSelectedForTransformation
  | CommuneEvaluated
  | CommuneTransformationSucceeded
  | CommuneTransformationFailed
  | CommuneRelapsed;
