import { assertNever, Decider } from '@dondoc/event-store/decider/decider';
import { isLocalDate } from '../dates';
import { EvaluationErrors, FieldProblems } from '../evaluation.errors';
import { ID_PATTERN } from '../stream-ids';
import { DefineProgramme, ProgrammeCommand } from './programme.commands';
import { EVALUATION_PROGRAMME_DEFINED, PROGRAMME_EVENT_SCHEMA_VERSIONS, ProgrammeEvent } from './programme.events';
import { COMPARATORS, CRITERIA_GROUPS, ProgrammeDefinition } from './programme.types';

export type ProgrammeState = { status: 'undefined' } | { status: 'defined'; programme: ProgrammeDefinition };

/** JSON with sorted keys: two definitions are the same when their canonical forms are. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const isPercent = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= 100;

/** Every rule a programme's definition must satisfy; field names match the request body. */
export function checkDefinition(definition: ProgrammeDefinition, problems = new FieldProblems()): FieldProblems {
  if (!ID_PATTERN.test(definition.programmeId)) problems.add('programmeId', 'mã gồm chữ, số, "_" hoặc "-", tối đa 64 ký tự');
  if (!definition.plan.number?.trim()) problems.add('plan.number', 'không được để trống');
  if (!isLocalDate(definition.plan.issuedOn)) problems.add('plan.issuedOn', 'phải là ngày YYYY-MM-DD, năm từ 1900 đến 2100');
  if (!definition.plan.title?.trim()) problems.add('plan.title', 'không được để trống');
  if (!isLocalDate(definition.period.start)) problems.add('period.start', 'phải là ngày YYYY-MM-DD, năm từ 1900 đến 2100');
  if (!isLocalDate(definition.period.end)) problems.add('period.end', 'phải là ngày YYYY-MM-DD, năm từ 1900 đến 2100');
  else if (isLocalDate(definition.period.start) && definition.period.end < definition.period.start) {
    problems.add('period.end', `ngày kết thúc trước ngày bắt đầu ${definition.period.start}`);
  }
  if (!Number.isInteger(definition.transformationYears) || definition.transformationYears < 1) {
    problems.add('transformationYears', 'số năm nguyên, ít nhất 1');
  }

  if (definition.indicators.length === 0) problems.add('indicators', 'cần ít nhất một chỉ tiêu');
  const indicatorIds = new Set<string>();
  definition.indicators.forEach((indicator, index) => {
    const field = `indicators[${index}]`;
    if (!indicator.indicatorId?.trim()) problems.add(`${field}.indicatorId`, 'không được để trống');
    else if (indicatorIds.has(indicator.indicatorId)) problems.add(`${field}.indicatorId`, `chỉ tiêu ${indicator.indicatorId} bị trùng`);
    indicatorIds.add(indicator.indicatorId);
    if (!indicator.text?.trim()) problems.add(`${field}.text`, 'không được để trống');
    if (!COMPARATORS.includes(indicator.comparator)) problems.add(`${field}.comparator`, `phải là một trong: ${COMPARATORS.join(' ')}`);
    if (typeof indicator.threshold === 'boolean') {
      if (indicator.comparator !== '=') problems.add(`${field}.comparator`, 'chỉ tiêu có/không chỉ so sánh bằng "="');
    } else if (typeof indicator.threshold !== 'number' || !Number.isFinite(indicator.threshold)) {
      problems.add(`${field}.threshold`, 'phải là số hoặc true/false');
    }
    if (!indicator.unit?.trim()) problems.add(`${field}.unit`, 'không được để trống');
  });

  const rule = definition.successRule;
  if (!isPercent(rule.minimumMetPercent)) problems.add('successRule.minimumMetPercent', 'phải là tỷ lệ phần trăm trong (0, 100]');
  if (rule.countingBasis !== 'atomic_indicators') problems.add('successRule.countingBasis', 'chỉ hỗ trợ atomic_indicators');
  const conditionIds = new Set<string>();
  rule.requiredConditions.forEach((condition, index) => {
    const field = `successRule.requiredConditions[${index}]`;
    if (!condition.conditionId?.trim()) problems.add(`${field}.conditionId`, 'không được để trống');
    else if (conditionIds.has(condition.conditionId)) problems.add(`${field}.conditionId`, `điều kiện ${condition.conditionId} bị trùng`);
    conditionIds.add(condition.conditionId);
    if (!condition.text?.trim()) problems.add(`${field}.text`, 'không được để trống');
  });

  if (!isPercent(definition.selectionCap.maxPercentOfDistrictCommunes)) {
    problems.add('selectionCap.maxPercentOfDistrictCommunes', 'phải là tỷ lệ phần trăm trong (0, 100]');
  }
  if (definition.selectionCap.rounding !== 'floor') problems.add('selectionCap.rounding', 'chỉ hỗ trợ floor (làm tròn xuống)');
  if (!isPercent(definition.goals.yearlySuccessPercent)) problems.add('goals.yearlySuccessPercent', 'phải là tỷ lệ phần trăm trong (0, 100]');
  if (!isPercent(definition.goals.noRelapsePercent)) problems.add('goals.noRelapsePercent', 'phải là tỷ lệ phần trăm trong (0, 100]');

  const groups = new Set<string>();
  const criterionIds = new Set<string>();
  definition.criteriaGroups.forEach((group, index) => {
    const field = `criteriaGroups[${index}]`;
    if (!CRITERIA_GROUPS.includes(group.group)) problems.add(`${field}.group`, `phải là một trong: ${CRITERIA_GROUPS.join(', ')}`);
    else if (groups.has(group.group)) problems.add(`${field}.group`, `nhóm ${group.group} bị trùng`);
    groups.add(group.group);
    group.criteria.forEach((criterion, at) => {
      if (!criterion.criterionId?.trim()) problems.add(`${field}.criteria[${at}].criterionId`, 'không được để trống');
      else if (criterionIds.has(criterion.criterionId)) {
        problems.add(`${field}.criteria[${at}].criterionId`, `tiêu chí ${criterion.criterionId} bị trùng`);
      }
      criterionIds.add(criterion.criterionId);
    });
  });
  return problems;
}

function define(command: DefineProgramme, state: ProgrammeState): ProgrammeEvent[] {
  if (state.status === 'defined') {
    // Defining (or importing) the same programme again appends nothing; a different one is refused.
    if (canonicalJson(state.programme) === canonicalJson(command.definition)) return [];
    throw EvaluationErrors.programmeAlreadyDefined(command.definition.programmeId);
  }
  checkDefinition(command.definition).throwIfAny();
  return [
    {
      type: EVALUATION_PROGRAMME_DEFINED,
      data: { ...command.definition, definedAt: command.at },
      schemaVersion: PROGRAMME_EVENT_SCHEMA_VERSIONS[EVALUATION_PROGRAMME_DEFINED],
    },
  ];
}

/** One evaluation programme (stream `programme-<programmeId>`). */
export const programmeDecider: Decider<ProgrammeCommand, ProgrammeState, ProgrammeEvent> = {
  initialState: () => ({ status: 'undefined' }),

  decide(command, state) {
    switch (command.type) {
      case 'DefineProgramme':
        return define(command, state);
      default:
        return assertNever(command.type, 'programme command');
    }
  },

  evolve(_state, event) {
    switch (event.type) {
      case EVALUATION_PROGRAMME_DEFINED: {
        const { definedAt: _definedAt, ...programme } = event.data;
        return { status: 'defined', programme };
      }
      default:
        return assertNever(event.type, 'programme event');
    }
  },
};
