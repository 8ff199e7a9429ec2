import { assertNever, Decider } from '@dondoc/event-store/decider/decider';
import { addYears, LocalDate, yearOf } from '../dates';
import { EvaluationErrors, FieldProblems } from '../evaluation.errors';
import { CRITERIA_GROUPS, ProgrammeDefinition } from '../programme/programme.types';
import { indicatorMet, requiredMetCount, selectionCap, successRuleMet } from '../programme/rules';
import { UnitDirectory } from '../units/unit-directory';
import { CommuneHistory, EvaluateCommune, RecordRelapse, SelectCommune, TransformationCommand } from './transformation.commands';
import {
  COMMUNE_EVALUATED,
  COMMUNE_RELAPSED,
  COMMUNE_SELECTED_FOR_TRANSFORMATION,
  COMMUNE_TRANSFORMATION_FAILED,
  COMMUNE_TRANSFORMATION_SUCCEEDED,
  CommuneEvaluated,
  CommuneSelectedForTransformation,
  FailureReason,
  Finding,
  TRANSFORMATION_EVENT_SCHEMA_VERSIONS,
  TransformationEvent,
} from './transformation.events';

type Selection = Omit<CommuneSelectedForTransformation['data'], 'districtId' | 'year' | 'programmeId' | 'selectedAt'>;
type Evaluation = Omit<CommuneEvaluated['data'], 'districtId' | 'year' | 'programmeId' | 'communeId' | 'evaluatedAt'>;

/** One commune of a district-year list; a union on `status`. */
export type CommuneEntry =
  | (Selection & { status: 'selected' })
  /** Between CommuneEvaluated and its outcome event (both appended together). */
  | (Selection & { status: 'evaluated'; evaluation: Evaluation })
  | (Selection & { status: 'succeeded'; evaluation: Evaluation; succeededOn: LocalDate })
  | (Selection & { status: 'failed'; evaluation: Evaluation; failedOn: LocalDate; reasons: FailureReason[] })
  | (Selection & { status: 'relapsed'; evaluation: Evaluation; succeededOn: LocalDate; relapsedOn: LocalDate; relapseReason: string });

export type CommuneStatus = CommuneEntry['status'];

export type TransformationState =
  | { status: 'empty' }
  | {
      status: 'open';
      districtId: string;
      year: number;
      programmeId: string;
      /** In order of selection. */
      communes: Record<string, CommuneEntry>;
    };

export const MAX_NOTE_LENGTH = 2000;

/** Selections of the district-year so far: every selection counts against the cap, whatever became of it. */
export const selectedCount = (state: TransformationState): number => (state.status === 'open' ? Object.keys(state.communes).length : 0);

/** Where a commune stands across the other years of its district (open selection, or transformed and off the list). */
export function communeHistory(states: TransformationState[], communeId: string): CommuneHistory {
  const history: CommuneHistory = { openSelectionYear: null, transformedYear: null };
  for (const state of states) {
    if (state.status !== 'open') continue;
    const entry = state.communes[communeId];
    if (!entry) continue;
    if (entry.status === 'selected' || entry.status === 'evaluated') history.openSelectionYear = state.year;
    if (entry.status === 'succeeded') history.transformedYear = state.year;
  }
  return history;
}

export function checkFindings(findings: Finding[], criteriaGroups: ProgrammeDefinition['criteriaGroups'], field: string, problems: FieldProblems, required: boolean): void {
  if (required && findings.length === 0) {
    problems.add(field, 'cần ít nhất một nội dung phức tạp thuộc bốn nhóm tiêu chí (hình sự, ma túy, kinh tế - môi trường, khác)');
  }
  findings.forEach((finding, index) => {
    const at = `${field}[${index}]`;
    if (!CRITERIA_GROUPS.includes(finding.group)) {
      problems.add(`${at}.group`, `phải là một trong: ${CRITERIA_GROUPS.join(', ')}`);
      return;
    }
    if (finding.criterionId !== null) {
      const group = criteriaGroups.find((g) => g.group === finding.group);
      if (!group?.criteria.some((c) => c.criterionId === finding.criterionId)) {
        problems.add(`${at}.criterionId`, `tiêu chí ${finding.criterionId} không thuộc nhóm ${finding.group} của chương trình`);
      }
    }
    if (finding.value === null && !finding.note?.trim()) problems.add(`${at}`, 'cần giá trị (value) hoặc mô tả (note)');
    if (typeof finding.value === 'number' && (!Number.isFinite(finding.value) || finding.value < 0)) {
      problems.add(`${at}.value`, 'phải là số không âm');
    }
    if (finding.note !== null && finding.note.length > MAX_NOTE_LENGTH) problems.add(`${at}.note`, `dài quá ${MAX_NOTE_LENGTH} ký tự`);
  });
}

function select(command: SelectCommune, state: TransformationState): TransformationEvent[] {
  const { programme, commune, district, year, today } = command;
  const problems = new FieldProblems();
  checkFindings(command.findings, programme.criteriaGroups, 'findings', problems, true);
  problems.throwIfAny();

  if (year < yearOf(programme.period.start) || year > yearOf(programme.period.end)) {
    throw EvaluationErrors.yearOutsideProgramme(year, programme.period.start, programme.period.end);
  }
  if (commune.level !== 'commune') throw EvaluationErrors.notACommune(commune.unitId);
  if (!UnitDirectory.isValidOn(commune, today)) throw EvaluationErrors.unitNotActive('communeId', commune.unitId, today);
  if (!district || district.level !== 'district') throw EvaluationErrors.communeWithoutDistrict(commune.unitId, commune.parentId);
  if (!UnitDirectory.isValidOn(district, today)) throw EvaluationErrors.unitNotActive('communeId', district.unitId, today);

  if (state.status === 'open') {
    if (state.programmeId !== programme.programmeId) throw EvaluationErrors.otherProgramme(district.unitId, year, state.programmeId);
    if (state.communes[commune.unitId]) throw EvaluationErrors.communeAlreadySelected(commune.unitId, year);
  }
  if (command.history.openSelectionYear !== null) throw EvaluationErrors.communeInTransformation(commune.unitId, command.history.openSelectionYear);
  if (command.history.transformedYear !== null) throw EvaluationErrors.communeAlreadyTransformed(commune.unitId, command.history.transformedYear);

  // The cap, on the very state this append is conditioned on: a concurrent selection that got
  // in first moves the stream version, the append fails, and the runner re-decides here.
  const capPercent = programme.selectionCap.maxPercentOfDistrictCommunes;
  const cap = selectionCap(command.districtCommuneCount, capPercent);
  const already = selectedCount(state);
  if (already + 1 > cap) {
    throw EvaluationErrors.selectionCapReached({
      districtId: district.unitId,
      districtName: `${district.kind[0].toUpperCase()}${district.kind.slice(1)} ${district.name}`,
      year,
      communeId: commune.unitId,
      communeCount: command.districtCommuneCount,
      capPercent,
      cap,
      selectedCount: already,
    });
  }
  return [
    {
      type: COMMUNE_SELECTED_FOR_TRANSFORMATION,
      data: {
        districtId: district.unitId,
        year,
        communeId: commune.unitId,
        programmeId: programme.programmeId,
        communeName: commune.name,
        communeKind: commune.kind,
        findings: command.findings,
        communeCount: command.districtCommuneCount,
        capPercent,
        cap,
        selectedCount: already + 1,
        selectedOn: today,
        evaluationDueOn: addYears(today, programme.transformationYears),
        selectedAt: command.at,
      },
      schemaVersion: TRANSFORMATION_EVENT_SCHEMA_VERSIONS[COMMUNE_SELECTED_FOR_TRANSFORMATION],
    },
  ];
}

function evaluate(command: EvaluateCommune, state: TransformationState): TransformationEvent[] {
  const { programme } = command;
  const problems = new FieldProblems();
  const byId = new Map<string, number | boolean>();
  command.measurements.forEach((measurement, index) => {
    const indicator = programme.indicators.find((i) => i.indicatorId === measurement.indicatorId);
    if (!indicator) problems.add(`measurements[${index}].indicatorId`, `chương trình không có chỉ tiêu ${measurement.indicatorId}`);
    else if (byId.has(measurement.indicatorId)) problems.add(`measurements[${index}].indicatorId`, `chỉ tiêu ${measurement.indicatorId} được nêu nhiều lần`);
    else if (typeof indicator.threshold === 'boolean' && typeof measurement.value !== 'boolean') {
      problems.add(`measurements[${index}].value`, `chỉ tiêu ${indicator.indicatorId} là có/không: giá trị phải là true hoặc false`);
    } else if (typeof indicator.threshold === 'number' && (typeof measurement.value !== 'number' || !Number.isFinite(measurement.value))) {
      problems.add(`measurements[${index}].value`, `chỉ tiêu ${indicator.indicatorId} cần giá trị số (${indicator.unit})`);
    }
    byId.set(measurement.indicatorId, measurement.value);
  });
  const missing = programme.indicators.filter((i) => !byId.has(i.indicatorId)).map((i) => i.indicatorId);
  if (missing.length) problems.add('measurements', `thiếu giá trị đo của chỉ tiêu: ${missing.join(', ')}`);
  const held = new Map<string, boolean>();
  command.conditions.forEach((condition, index) => {
    if (!programme.successRule.requiredConditions.some((c) => c.conditionId === condition.conditionId)) {
      problems.add(`conditions[${index}].conditionId`, `chương trình không có điều kiện ${condition.conditionId}`);
    } else if (held.has(condition.conditionId)) {
      problems.add(`conditions[${index}].conditionId`, `điều kiện ${condition.conditionId} được nêu nhiều lần`);
    }
    held.set(condition.conditionId, condition.held);
  });
  const missingConditions = programme.successRule.requiredConditions.filter((c) => !held.has(c.conditionId)).map((c) => c.conditionId);
  if (missingConditions.length) problems.add('conditions', `thiếu kết luận về điều kiện: ${missingConditions.join(', ')}`);
  if (command.note !== null && command.note.length > MAX_NOTE_LENGTH) problems.add('note', `dài quá ${MAX_NOTE_LENGTH} ký tự`);
  problems.throwIfAny();

  const entry = state.status === 'open' ? state.communes[command.communeId] : undefined;
  if (state.status !== 'open' || !entry) throw EvaluationErrors.communeNotSelected(command.communeId, state.status === 'open' ? state.year : 0);
  if (entry.status !== 'selected') throw EvaluationErrors.communeAlreadyEvaluated(command.communeId, state.year);
  if (state.programmeId !== programme.programmeId) throw EvaluationErrors.otherProgramme(state.districtId, state.year, state.programmeId);
  if (command.today < entry.evaluationDueOn) throw EvaluationErrors.evaluationNotDue(command.communeId, entry.evaluationDueOn);

  const results = programme.indicators.map((indicator) => {
    const value = byId.get(indicator.indicatorId)!;
    return {
      indicatorId: indicator.indicatorId,
      comparator: indicator.comparator,
      threshold: indicator.threshold,
      unit: indicator.unit,
      value,
      met: indicatorMet(indicator, value),
    };
  });
  const metCount = results.filter((r) => r.met).length;
  const total = results.length;
  const { minimumMetPercent } = programme.successRule;
  const conditions = programme.successRule.requiredConditions.map((c) => ({ conditionId: c.conditionId, held: held.get(c.conditionId)! }));
  const reasons: FailureReason[] = [];
  if (!successRuleMet(metCount, total, minimumMetPercent)) reasons.push('INDICATORS_BELOW_THRESHOLD');
  if (conditions.some((c) => !c.held)) reasons.push('CONDITIONS_NOT_HELD');

  const key = { districtId: state.districtId, year: state.year, communeId: command.communeId };
  return [
    {
      type: COMMUNE_EVALUATED,
      data: {
        ...key,
        programmeId: programme.programmeId,
        results,
        conditions,
        metCount,
        indicatorCount: total,
        minimumMetPercent,
        requiredMetCount: requiredMetCount(total, minimumMetPercent),
        note: command.note,
        evaluatedOn: command.today,
        evaluatedAt: command.at,
      },
      schemaVersion: TRANSFORMATION_EVENT_SCHEMA_VERSIONS[COMMUNE_EVALUATED],
    },
    reasons.length === 0
      ? {
          type: COMMUNE_TRANSFORMATION_SUCCEEDED,
          data: { ...key, succeededOn: command.today, succeededAt: command.at },
          schemaVersion: TRANSFORMATION_EVENT_SCHEMA_VERSIONS[COMMUNE_TRANSFORMATION_SUCCEEDED],
        }
      : {
          type: COMMUNE_TRANSFORMATION_FAILED,
          data: { ...key, reasons, failedOn: command.today, failedAt: command.at },
          schemaVersion: TRANSFORMATION_EVENT_SCHEMA_VERSIONS[COMMUNE_TRANSFORMATION_FAILED],
        },
  ];
}

function relapse(command: RecordRelapse, state: TransformationState): TransformationEvent[] {
  const problems = new FieldProblems();
  if (!command.reason.trim()) problems.add('reason', 'cần nêu biểu hiện phức tạp trở lại');
  else if (command.reason.length > MAX_NOTE_LENGTH) problems.add('reason', `dài quá ${MAX_NOTE_LENGTH} ký tự`);
  checkFindings(command.findings, command.programme.criteriaGroups, 'findings', problems, false);
  problems.throwIfAny();

  const entry = state.status === 'open' ? state.communes[command.communeId] : undefined;
  if (state.status !== 'open' || !entry) throw EvaluationErrors.communeNotSelected(command.communeId, state.status === 'open' ? state.year : 0);
  if (state.programmeId !== command.programme.programmeId) throw EvaluationErrors.otherProgramme(state.districtId, state.year, state.programmeId);
  if (entry.status === 'relapsed') throw EvaluationErrors.communeAlreadyRelapsed(command.communeId);
  if (entry.status !== 'succeeded') throw EvaluationErrors.communeNotTransformed(command.communeId, entry.status);
  return [
    {
      type: COMMUNE_RELAPSED,
      data: {
        districtId: state.districtId,
        year: state.year,
        communeId: command.communeId,
        reason: command.reason,
        findings: command.findings,
        relapsedOn: command.today,
        relapsedAt: command.at,
      },
      schemaVersion: TRANSFORMATION_EVENT_SCHEMA_VERSIONS[COMMUNE_RELAPSED],
    },
  ];
}

function withEntry(state: TransformationState, communeId: string, change: (entry: CommuneEntry) => CommuneEntry): TransformationState {
  if (state.status !== 'open' || !state.communes[communeId]) return state;
  return { ...state, communes: { ...state.communes, [communeId]: change(state.communes[communeId]) } };
}

/**
 * A district's communes selected for transformation in one year and what became of them
 * (stream `transformation-<districtId>-<year>`).
 */
export const transformationDecider: Decider<TransformationCommand, TransformationState, TransformationEvent> = {
  initialState: () => ({ status: 'empty' }),

  decide(command, state) {
    switch (command.type) {
      case 'SelectCommune':
        return select(command, state);
      case 'EvaluateCommune':
        return evaluate(command, state);
      case 'RecordRelapse':
        return relapse(command, state);
      default:
        return assertNever(command, 'transformation command');
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case COMMUNE_SELECTED_FOR_TRANSFORMATION: {
        const { districtId, year, programmeId, selectedAt: _selectedAt, ...selection } = event.data;
        const communes = state.status === 'open' ? state.communes : {};
        return { status: 'open', districtId, year, programmeId, communes: { ...communes, [selection.communeId]: { ...selection, status: 'selected' } } };
      }
      case COMMUNE_EVALUATED: {
        const { districtId: _d, year: _y, programmeId: _p, communeId, evaluatedAt: _at, ...evaluation } = event.data;
        return withEntry(state, communeId, (entry) => ({ ...selectionOf(entry), status: 'evaluated', evaluation }));
      }
      case COMMUNE_TRANSFORMATION_SUCCEEDED:
        return withEntry(state, event.data.communeId, (entry) =>
          entry.status === 'evaluated' ? { ...entry, status: 'succeeded', succeededOn: event.data.succeededOn } : entry,
        );
      case COMMUNE_TRANSFORMATION_FAILED:
        return withEntry(state, event.data.communeId, (entry) =>
          entry.status === 'evaluated' ? { ...entry, status: 'failed', failedOn: event.data.failedOn, reasons: event.data.reasons } : entry,
        );
      case COMMUNE_RELAPSED:
        return withEntry(state, event.data.communeId, (entry) =>
          entry.status === 'succeeded'
            ? { ...entry, status: 'relapsed', relapsedOn: event.data.relapsedOn, relapseReason: event.data.reason }
            : entry,
        );
      default:
        return assertNever(event, 'transformation event');
    }
  },
};

function selectionOf(entry: CommuneEntry): Selection {
  return {
    communeId: entry.communeId,
    communeName: entry.communeName,
    communeKind: entry.communeKind,
    findings: entry.findings,
    communeCount: entry.communeCount,
    capPercent: entry.capPercent,
    cap: entry.cap,
    selectedCount: entry.selectedCount,
    selectedOn: entry.selectedOn,
    evaluationDueOn: entry.evaluationDueOn,
  };
}
