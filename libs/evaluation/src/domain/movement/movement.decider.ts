import { assertNever, Decider } from '@dondoc/event-store/decider/decider';
import { yearOf } from '../dates';
import { KeyedLog } from '../keyed-log';
import { EvaluationErrors, FieldProblems } from '../evaluation.errors';
import { ClassifyMovement, MovementCommand, RecogniseModelUnit } from './movement.commands';
import { MODEL_UNIT_RECOGNISED, MOVEMENT_CLASSIFIED, MOVEMENT_EVENT_SCHEMA_VERSIONS, MovementClassified, MovementEvent, ModelUnitRecognised } from './movement.events';
import { ModelCategory, modelCategoryOf, modelEligibility, MOVEMENT_RATINGS, modelUnitWarnings, ModelWarning } from './movement.types';

type Classification = Omit<MovementClassified['data'], 'classifiedAt'>;
type Recognition = Pick<ModelUnitRecognised['data'], 'decision' | 'recognisedOn'>;

/** One unit's year: classified, then possibly recognised as a model. */
export type UnitMovement =
  | { status: 'classified'; classification: Classification }
  | { status: 'recognised'; classification: Classification; recognition: Recognition };

export type MovementState = { status: 'empty' } | { status: 'open'; year: number; units: KeyedLog<UnitMovement> };

export const MAX_DECISION_LENGTH = 300;

/** The warnings of a year for one province: a quota category with no model unit. */
export function warningsFor(state: MovementState, year: number, provinceIds: ReadonlySet<string | null>, where = ''): ModelWarning[] {
  const categories: ModelCategory[] =
    state.status === 'open'
      ? state.units.values()
          .filter((u) => u.status === 'recognised' && provinceIds.has(u.classification.provinceId))
          .map((u) => u.classification.category)
      : [];
  return modelUnitWarnings(year, categories, where);
}

function classify(command: ClassifyMovement, state: MovementState): MovementEvent[] {
  const { unit, year } = command;
  const problems = new FieldProblems();
  if (!MOVEMENT_RATINGS.includes(command.rating)) problems.add('rating', `phải là một trong: ${MOVEMENT_RATINGS.join(', ')}`);
  problems.throwIfAny();
  const category = modelCategoryOf(unit.level, unit.kind);
  if (!category) throw EvaluationErrors.unitNotEvaluable(unit.unitId, `${unit.level}, ${unit.kind}`);
  if (year > yearOf(command.today)) throw EvaluationErrors.yearInFuture(year, command.today);
  const existedInYear = (unit.validFrom === null || unit.validFrom <= `${year}-12-31`) && (unit.validUntil === null || unit.validUntil > `${year}-01-01`);
  if (!existedInYear) throw EvaluationErrors.unitNotActive('unitId', unit.unitId, `năm ${year}`);

  const classification: Classification = {
    year,
    unitId: unit.unitId,
    unitName: unit.name,
    unitLevel: unit.level,
    unitKind: unit.kind,
    category,
    provinceId: command.provinceId,
    rating: command.rating,
    safe: command.safe,
    classifiedOn: command.today,
  };
  const current = state.status === 'open' ? state.units.get(unit.unitId) : undefined;
  if (current?.status === 'recognised') throw EvaluationErrors.classificationLocked(unit.unitId, year);
  // The same classification again appends nothing; a new one (a correction) is a new fact.
  if (current && current.classification.rating === command.rating && current.classification.safe === command.safe) return [];
  return [
    {
      type: MOVEMENT_CLASSIFIED,
      data: { ...classification, classifiedAt: command.at },
      schemaVersion: MOVEMENT_EVENT_SCHEMA_VERSIONS[MOVEMENT_CLASSIFIED],
    },
  ];
}

function recognise(command: RecogniseModelUnit, state: MovementState): MovementEvent[] {
  const problems = new FieldProblems();
  if (command.decision !== null && command.decision.length > MAX_DECISION_LENGTH) problems.add('decision', `dài quá ${MAX_DECISION_LENGTH} ký tự`);
  problems.throwIfAny();
  if (command.year > yearOf(command.today)) throw EvaluationErrors.yearInFuture(command.year, command.today);
  const current = state.status === 'open' ? state.units.get(command.unitId) : undefined;
  if (!current) throw EvaluationErrors.movementNotClassified(command.unitId, command.year);
  if (current.status === 'recognised') throw EvaluationErrors.alreadyRecognised(command.unitId, command.year);
  const eligibility = modelEligibility(current.classification);
  if (!eligibility.eligible) throw EvaluationErrors.notEligible(command.unitId, command.year, eligibility.reasons);
  const { classifiedOn: _classifiedOn, ...unit } = current.classification;
  return [
    {
      type: MODEL_UNIT_RECOGNISED,
      data: { ...unit, decision: command.decision, recognisedOn: command.today, recognisedAt: command.at },
      schemaVersion: MOVEMENT_EVENT_SCHEMA_VERSIONS[MODEL_UNIT_RECOGNISED],
    },
  ];
}

/** Movement classifications and model units of one year (stream `movement-<year>`), plan 1875. */
export const movementDecider: Decider<MovementCommand, MovementState, MovementEvent> = {
  initialState: () => ({ status: 'empty' }),

  decide(command, state) {
    switch (command.type) {
      case 'ClassifyMovement':
        return classify(command, state);
      case 'RecogniseModelUnit':
        return recognise(command, state);
      default:
        return assertNever(command, 'movement command');
    }
  },

  evolve(state, event) {
    const units = state.status === 'open' ? state.units : KeyedLog.empty<UnitMovement>();
    switch (event.type) {
      case MOVEMENT_CLASSIFIED: {
        const { classifiedAt: _at, ...classification } = event.data;
        return { status: 'open', year: classification.year, units: units.set(classification.unitId, { status: 'classified', classification }) };
      }
      case MODEL_UNIT_RECOGNISED: {
        const current = units.get(event.data.unitId);
        if (!current) return state;
        return {
          status: 'open',
          year: event.data.year,
          units: units.set(event.data.unitId, {
            status: 'recognised',
            classification: current.classification,
            recognition: { decision: event.data.decision, recognisedOn: event.data.recognisedOn },
          }),
        };
      }
      default:
        return assertNever(event, 'movement event');
    }
  },
};
