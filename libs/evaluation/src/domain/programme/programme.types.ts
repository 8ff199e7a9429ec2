import { LocalDate } from '../dates';

/** Comparators of an indicator: measured value (left) against threshold (right). */
export const COMPARATORS = ['>=', '>', '<=', '<', '='] as const;
export type Comparator = (typeof COMPARATORS)[number];

/** The four criteria groups of plan 94 (II.3) under which a selected commune's findings are recorded. */
export const CRITERIA_GROUPS = ['criminal', 'drugs', 'economy-environment', 'other'] as const;
export type CriteriaGroupKey = (typeof CRITERIA_GROUPS)[number];

export const CRITERIA_GROUP_NAMES_VI: Record<CriteriaGroupKey, string> = {
  criminal: 'Nhóm tiêu chí về hình sự',
  drugs: 'Nhóm tiêu chí về ma túy',
  'economy-environment': 'Nhóm tiêu chí về kinh tế, môi trường',
  other: 'Các tiêu chí khác',
};

export interface Indicator {
  indicatorId: string;
  text: string;
  comparator: Comparator;
  /** A number (count, percent) or `true` for a yes/no indicator (then the comparator is `=`). */
  threshold: number | boolean;
  unit: string;
}

export interface RequiredCondition {
  conditionId: string;
  text: string;
}

export interface SuccessRule {
  /** A commune succeeds when met / total >= this percentage (80 in plan 94), compared exactly. */
  minimumMetPercent: number;
  /** What one "chỉ tiêu" is; plan 94 read as 9 atomic indicators (fixtures/README.md). */
  countingBasis: 'atomic_indicators';
  /** Conditions that must also hold ("trong đó giảm cơ bản tội phạm …"), without a measure. */
  requiredConditions: RequiredCondition[];
}

export interface SelectionCapRule {
  /** At most this percentage of a district's existing commune-level units per year (15). */
  maxPercentOfDistrictCommunes: number;
  /** Whole communes: floor(percent × N / 100), so 20 communes give 3, and fewer than 7 give 0. */
  rounding: 'floor';
}

export interface ProgrammeGoals {
  /** Of the communes selected in a year, at least this percentage succeed (60). */
  yearlySuccessPercent: number;
  /** Of the communes transformed successfully, at least this percentage do not relapse (85). */
  noRelapsePercent: number;
}

export interface CriteriaGroup {
  group: CriteriaGroupKey;
  name: string;
  criteria: { criterionId: string; text: string }[];
}

export interface ProgrammeDefinition {
  programmeId: string;
  /** The plan it comes from, e.g. `94/KH-UBND` of 2017-09-06. */
  plan: { number: string; issuedOn: LocalDate; title: string };
  period: { start: LocalDate; end: LocalDate };
  /** Time each selected commune has before it is evaluated, in whole years (plan 94: "01 năm"). */
  transformationYears: number;
  indicators: Indicator[];
  successRule: SuccessRule;
  selectionCap: SelectionCapRule;
  goals: ProgrammeGoals;
  criteriaGroups: CriteriaGroup[];
}
