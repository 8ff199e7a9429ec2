import { EvaluationErrors, FieldProblems } from '../evaluation.errors';
import { Comparator, CriteriaGroup, CriteriaGroupKey, Indicator, ProgrammeDefinition } from './programme.types';

/**
 * Reads an evaluation programme out of a plan as `fixtures/` encode it (plan 94: `indicators`,
 * `success_rule`, `selection`, `programme_goals`, `period`). Pure: the caller parses the file.
 * The readings are the fixture's own (fixtures/README.md, "Reading choices"): 9 atomic
 * indicators, 80% of them (8 of 9); cap floor(15% × N); the 60% goal per year; the "trong đó"
 * conditions kept as conditions that must also hold.
 */

const FIXTURE_GROUPS: Record<string, CriteriaGroupKey> = {
  hinh_su: 'criminal',
  ma_tuy: 'drugs',
  kinh_te_moi_truong: 'economy-environment',
  khac: 'other',
};

const FIXTURE_COMPARATORS: Record<string, Comparator> = { '>=': '>=', '>': '>', '<=': '<=', '<': '<', '==': '=', '=': '=' };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** `fixture.key` without its `plan-` prefix: `plan-94-ba-ria-vung-tau-2017` → `94-ba-ria-vung-tau-2017`. */
export const programmeIdOf = (fixtureKey: string): string => fixtureKey.replace(/^plan-/, '');

export function programmeFromPlanFixture(plan: unknown): ProgrammeDefinition {
  const problems = new FieldProblems();
  if (!isObject(plan)) {
    problems.add('plan', 'phải là đối tượng JSON của một kế hoạch');
    throw EvaluationErrors.fixtureInvalid(problems);
  }
  const text = (value: unknown, field: string): string => {
    if (isText(value)) return value;
    problems.add(field, 'thiếu hoặc rỗng');
    return '';
  };
  const object = (value: unknown, field: string): Json => {
    if (isObject(value)) return value;
    problems.add(field, 'thiếu hoặc không phải đối tượng');
    return {};
  };
  const list = (value: unknown, field: string): unknown[] => {
    if (Array.isArray(value)) return value;
    problems.add(field, 'thiếu hoặc không phải danh sách');
    return [];
  };
  const percent = (rule: Json, field: string, comparator: string): number => {
    if (rule.comparator !== comparator) problems.add(`${field}.comparator`, `phải là "${comparator}"`);
    if (rule.unit !== 'percent') problems.add(`${field}.unit`, 'phải là percent');
    if (typeof rule.threshold !== 'number') problems.add(`${field}.threshold`, 'phải là số');
    return typeof rule.threshold === 'number' ? rule.threshold : 0;
  };

  const fixture = object(plan.fixture, 'fixture');
  const document = object(plan.document, 'document');
  const period = object(plan.period, 'period');
  const duration = text(period.per_area_duration, 'period.per_area_duration');
  const years = /^P(\d+)Y$/.exec(duration);
  if (duration && !years) problems.add('period.per_area_duration', 'phải có dạng PnY (số năm)');

  const indicators: Indicator[] = list(plan.indicators, 'indicators').map((raw, index) => {
    const field = `indicators[${index}]`;
    const item = object(raw, field);
    const comparator = FIXTURE_COMPARATORS[String(item.comparator)];
    if (!comparator) problems.add(`${field}.comparator`, `không hiểu "${String(item.comparator)}"`);
    if (typeof item.threshold !== 'number' && typeof item.threshold !== 'boolean') problems.add(`${field}.threshold`, 'phải là số hoặc true/false');
    return {
      indicatorId: text(item.id, `${field}.id`),
      text: text(item.text_vi, `${field}.text_vi`),
      comparator: comparator ?? '=',
      threshold: typeof item.threshold === 'boolean' ? item.threshold : Number(item.threshold),
      unit: text(item.unit, `${field}.unit`),
    };
  });

  const rule = object(plan.success_rule, 'success_rule');
  if (rule.counting_basis !== 'atomic_indicators') problems.add('success_rule.counting_basis', 'chỉ hỗ trợ atomic_indicators');
  const ids = new Set(indicators.map((indicator) => indicator.indicatorId));
  list(rule.indicator_ids, 'success_rule.indicator_ids').forEach((id, index) => {
    if (typeof id !== 'string' || !ids.has(id)) problems.add(`success_rule.indicator_ids[${index}]`, `không có chỉ tiêu ${String(id)}`);
  });
  const ruleId = text(rule.id, 'success_rule.id');
  const conditions = rule.additional_conditions_vi === undefined ? [] : list(rule.additional_conditions_vi, 'success_rule.additional_conditions_vi');

  const selection = object(plan.selection, 'selection');
  const cap = object(selection.cap, 'selection.cap');
  const formula = String(cap.max_count_formula ?? '');
  if (!formula.startsWith('floor(')) problems.add('selection.cap.max_count_formula', 'chỉ hỗ trợ floor(…) (làm tròn xuống)');

  const criteriaGroups: CriteriaGroup[] = list(selection.criteria_groups, 'selection.criteria_groups').map((raw, index) => {
    const field = `selection.criteria_groups[${index}]`;
    const group = object(raw, field);
    const key = FIXTURE_GROUPS[String(group.key)];
    if (!key) problems.add(`${field}.key`, `nhóm tiêu chí không rõ "${String(group.key)}"`);
    return {
      group: key ?? 'other',
      name: text(group.name_vi, `${field}.name_vi`),
      criteria: list(group.items, `${field}.items`).map((item, at) => {
        const criterion = object(item, `${field}.items[${at}]`);
        return { criterionId: text(criterion.id, `${field}.items[${at}].id`), text: text(criterion.text_vi, `${field}.items[${at}].text_vi`) };
      }),
    };
  });

  const goals = list(plan.programme_goals, 'programme_goals').map((raw, index) => ({ goal: object(raw, `programme_goals[${index}]`), index }));
  // The yearly success goal is the one counted per year; the other is the no-relapse goal.
  const yearly = goals.find(({ goal }) => goal.period === 'per_year');
  const noRelapse = goals.find(({ goal }) => goal !== yearly?.goal && String(goal.text_vi ?? '').includes('trở lại'));
  if (!yearly) problems.add('programme_goals', 'thiếu mục tiêu hằng năm (period: per_year)');
  if (!noRelapse) problems.add('programme_goals', 'thiếu mục tiêu không phức tạp trở lại');

  const definition: ProgrammeDefinition = {
    programmeId: programmeIdOf(text(fixture.key, 'fixture.key')),
    plan: {
      number: text(document.number, 'document.number'),
      issuedOn: text(document.issued_on, 'document.issued_on'),
      title: text(document.title_vi, 'document.title_vi'),
    },
    period: { start: text(period.start, 'period.start'), end: text(period.end, 'period.end') },
    transformationYears: years ? Number(years[1]) : 0,
    indicators,
    successRule: {
      minimumMetPercent: percent(rule, 'success_rule', '>='),
      countingBasis: 'atomic_indicators',
      requiredConditions: conditions.map((condition, index) => ({
        conditionId: `${ruleId}-${index + 1}`,
        text: text(condition, `success_rule.additional_conditions_vi[${index}]`),
      })),
    },
    selectionCap: { maxPercentOfDistrictCommunes: percent(cap, 'selection.cap', '<='), rounding: 'floor' },
    goals: {
      yearlySuccessPercent: yearly ? percent(yearly.goal, `programme_goals[${yearly.index}]`, '>=') : 0,
      noRelapsePercent: noRelapse ? percent(noRelapse.goal, `programme_goals[${noRelapse.index}]`, '>=') : 0,
    },
    criteriaGroups,
  };
  if (!problems.empty) throw EvaluationErrors.fixtureInvalid(problems);
  return definition;
}
