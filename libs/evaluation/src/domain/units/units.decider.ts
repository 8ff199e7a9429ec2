import { assertNever, Decider } from '@dondoc/event-store/decider/decider';
import { isLocalDate, LocalDate } from '../dates';
import { EvaluationErrors, FieldProblems } from '../evaluation.errors';
import { KeyedLog } from '../keyed-log';
import { canonicalJson } from '../programme/programme.decider';
import { ID_PATTERN } from '../stream-ids';
import { RegisterUnit, ReorganiseUnits, UnitsCommand } from './units.commands';
import { UNIT_REGISTERED, UNITS_EVENT_SCHEMA_VERSIONS, UNITS_REORGANISED, UnitRegistered, UnitsEvent, UnitsReorganised } from './units.events';
import { UnitDirectory } from './unit-directory';
import { PARENT_LEVELS, SUCCESSOR_LEVELS, UNIT_KINDS, UNIT_LEVELS, UnitData, UnitLevel, UnitRecord } from './units.types';

type Reorganisation = Omit<UnitsReorganised['data'], 'reorganisedAt'>;

export type UnitsState =
  | { status: 'empty' }
  | { status: 'registered'; units: KeyedLog<UnitRecord>; reorganisations: KeyedLog<Reorganisation> };

export const MAX_NAME_LENGTH = 200;

export function directoryOf(state: UnitsState): UnitDirectory {
  return new UnitDirectory(state.status === 'empty' ? [] : state.units.values());
}

const sameUnit = (a: UnitData, b: UnitData): boolean =>
  a.unitId === b.unitId && a.name === b.name && a.level === b.level && a.kind === b.kind && a.parentId === b.parentId && a.validFrom === b.validFrom;

/** Compared canonically: jsonb hands an event's keys back in its own order, not the order written. */
const sameReorganisation = (a: Reorganisation, b: Reorganisation): boolean => canonicalJson(a) === canonicalJson(b);

/**
 * Checks one unit's data against the registry (and the units registered in the same command).
 * `prefix` makes the field names match the request (`newUnits[2].`).
 */
function checkUnit(unit: UnitData, prefix: string, directory: UnitDirectory, alsoNew: ReadonlyMap<string, UnitData>, problems: FieldProblems): void {
  if (typeof unit.unitId !== 'string' || !ID_PATTERN.test(unit.unitId)) {
    problems.add(`${prefix}unitId`, 'mã đơn vị gồm chữ, số, "_" hoặc "-", tối đa 64 ký tự');
  }
  if (typeof unit.name !== 'string' || unit.name.trim() === '') problems.add(`${prefix}name`, 'không được để trống');
  else if (unit.name.length > MAX_NAME_LENGTH) problems.add(`${prefix}name`, `dài quá ${MAX_NAME_LENGTH} ký tự`);
  if (!UNIT_LEVELS.includes(unit.level)) {
    problems.add(`${prefix}level`, `phải là một trong: ${UNIT_LEVELS.join(', ')}`);
    return;
  }
  if (!UNIT_KINDS[unit.level].includes(unit.kind)) {
    problems.add(`${prefix}kind`, `với cấp ${unit.level} phải là một trong: ${UNIT_KINDS[unit.level].join(', ')}`);
  }
  if (unit.validFrom !== null && !isLocalDate(unit.validFrom)) problems.add(`${prefix}validFrom`, 'phải là ngày YYYY-MM-DD, năm từ 1900 đến 2100');
  const allowedParents = PARENT_LEVELS[unit.level];
  if (allowedParents.length === 0) {
    if (unit.parentId !== null) problems.add(`${prefix}parentId`, `đơn vị cấp ${unit.level} không có đơn vị cấp trên`);
    return;
  }
  if (unit.parentId === null) {
    problems.add(`${prefix}parentId`, `cần đơn vị cấp trên (${allowedParents.join(' hoặc ')})`);
    return;
  }
  const parent: Pick<UnitRecord, 'level' | 'validFrom' | 'validUntil'> | undefined =
    directory.get(unit.parentId) ?? (alsoNew.has(unit.parentId) ? { ...alsoNew.get(unit.parentId)!, validUntil: null } : undefined);
  if (!parent) {
    problems.add(`${prefix}parentId`, `không tìm thấy đơn vị ${unit.parentId}`);
    return;
  }
  if (!allowedParents.includes(parent.level)) {
    problems.add(`${prefix}parentId`, `đơn vị cấp trên của cấp ${unit.level} phải là ${allowedParents.join(' hoặc ')}, không phải ${parent.level}`);
  }
  const parentEnded = parent.validUntil !== null && (unit.validFrom === null || unit.validFrom >= parent.validUntil);
  if (parentEnded) {
    problems.add(`${prefix}parentId`, `đơn vị ${unit.parentId} đã thôi tồn tại từ ngày ${parent.validUntil}`);
  }
}

function register(command: RegisterUnit, state: UnitsState): UnitRegistered[] {
  const directory = directoryOf(state);
  const existing = directory.get(command.unit.unitId);
  if (existing) {
    if (sameUnit(existing, command.unit)) return [];
    throw EvaluationErrors.unitAlreadyRegistered(command.unit.unitId);
  }
  const problems = new FieldProblems();
  checkUnit(command.unit, '', directory, new Map(), problems);
  problems.throwIfAny();
  return [
    {
      type: UNIT_REGISTERED,
      data: { ...command.unit, registeredAt: command.at },
      schemaVersion: UNITS_EVENT_SCHEMA_VERSIONS[UNIT_REGISTERED],
    },
  ];
}

function reorganise(command: ReorganiseUnits, state: UnitsState): UnitsEvent[] {
  const reorganisation: Reorganisation = {
    reorganisationId: command.reorganisationId,
    effectiveOn: command.effectiveOn,
    basis: command.basis,
    successions: command.successions,
  };
  const recorded = state.status === 'registered' ? state.reorganisations.get(command.reorganisationId) : undefined;
  if (recorded) {
    // The same reorganisation again appends nothing; a different one under the same id is refused.
    if (sameReorganisation(recorded, reorganisation)) return [];
    throw EvaluationErrors.reorganisationConflict(command.reorganisationId);
  }
  const directory = directoryOf(state);
  const problems = new FieldProblems();
  if (!ID_PATTERN.test(command.reorganisationId)) problems.add('reorganisationId', 'mã gồm chữ, số, "_" hoặc "-", tối đa 64 ký tự');
  const effectiveOn: LocalDate = command.effectiveOn;
  if (!isLocalDate(effectiveOn)) problems.add('effectiveOn', 'phải là ngày YYYY-MM-DD, năm từ 1900 đến 2100');
  if (command.basis.trim() === '') problems.add('basis', 'cần nêu căn cứ (văn bản quyết định việc sắp xếp)');

  const newUnits = new Map<string, UnitData>();
  command.newUnits.forEach((unit, index) => {
    const data: UnitData = { ...unit, validFrom: effectiveOn };
    if (directory.get(unit.unitId) || newUnits.has(unit.unitId)) {
      problems.add(`newUnits[${index}].unitId`, `đơn vị ${unit.unitId} đã tồn tại`);
    }
    newUnits.set(unit.unitId, data);
  });
  command.newUnits.forEach((unit, index) => {
    checkUnit({ ...unit, validFrom: effectiveOn }, `newUnits[${index}].`, directory, newUnits, problems);
  });

  if (command.successions.length === 0) problems.add('successions', 'cần ít nhất một đơn vị được sắp xếp');
  const ending = new Set(command.successions.map((s) => s.unitId));
  const seen = new Set<string>();
  command.successions.forEach((succession, index) => {
    const field = `successions[${index}]`;
    const unit = directory.get(succession.unitId);
    let level: UnitLevel | undefined;
    if (seen.has(succession.unitId)) problems.add(`${field}.unitId`, `đơn vị ${succession.unitId} được nêu nhiều lần`);
    seen.add(succession.unitId);
    if (!unit) {
      problems.add(`${field}.unitId`, newUnits.has(succession.unitId) ? 'đơn vị mới không thể bị sắp xếp ngay' : `không tìm thấy đơn vị ${succession.unitId}`);
    } else if (isLocalDate(effectiveOn) && !UnitDirectory.isValidOn(unit, effectiveOn)) {
      problems.add(`${field}.unitId`, `đơn vị ${succession.unitId} không tồn tại vào ngày ${effectiveOn}`);
    } else {
      level = unit.level;
    }
    if (succession.successorId === null) return;
    const successor: Pick<UnitData, 'level'> | undefined = directory.get(succession.successorId) ?? newUnits.get(succession.successorId);
    if (succession.successorId === succession.unitId) {
      problems.add(`${field}.successorId`, 'đơn vị không thể kế thừa chính nó');
    } else if (!successor) {
      problems.add(`${field}.successorId`, `không tìm thấy đơn vị ${succession.successorId}`);
    } else if (ending.has(succession.successorId)) {
      problems.add(`${field}.successorId`, `đơn vị ${succession.successorId} cũng thôi tồn tại trong đợt sắp xếp này`);
    } else if (!newUnits.has(succession.successorId) && isLocalDate(effectiveOn) && !directory.isValidOn(succession.successorId, effectiveOn)) {
      problems.add(`${field}.successorId`, `đơn vị ${succession.successorId} không tồn tại vào ngày ${effectiveOn}`);
    } else if (level && !SUCCESSOR_LEVELS[level].includes(successor.level)) {
      problems.add(`${field}.successorId`, `đơn vị cấp ${level} chỉ được kế thừa bởi cấp ${SUCCESSOR_LEVELS[level].join(' hoặc ')}`);
    }
  });
  problems.throwIfAny();

  return [
    ...[...newUnits.values()].map(
      (unit): UnitRegistered => ({
        type: UNIT_REGISTERED,
        data: { ...unit, registeredAt: command.at },
        schemaVersion: UNITS_EVENT_SCHEMA_VERSIONS[UNIT_REGISTERED],
      }),
    ),
    {
      type: UNITS_REORGANISED,
      data: { ...reorganisation, reorganisedAt: command.at },
      schemaVersion: UNITS_EVENT_SCHEMA_VERSIONS[UNITS_REORGANISED],
    },
  ];
}

/** The registry of administrative units and evaluable organisations (stream `administrative-units`). */
export const unitsDecider: Decider<UnitsCommand, UnitsState, UnitsEvent> = {
  initialState: () => ({ status: 'empty' }),

  decide(command, state) {
    switch (command.type) {
      case 'RegisterUnit':
        return register(command, state);
      case 'ReorganiseUnits':
        return reorganise(command, state);
      default:
        return assertNever(command, 'units command');
    }
  },

  evolve(state, event) {
    const current: Extract<UnitsState, { status: 'registered' }> =
      state.status === 'empty' ? { status: 'registered', units: KeyedLog.empty(), reorganisations: KeyedLog.empty() } : state;
    switch (event.type) {
      case UNIT_REGISTERED: {
        const { registeredAt: _registeredAt, ...unit } = event.data;
        return { ...current, units: current.units.set(unit.unitId, { ...unit, validUntil: null, successorId: null, reorganisationId: null }) };
      }
      case UNITS_REORGANISED: {
        const { reorganisedAt: _reorganisedAt, ...reorganisation } = event.data;
        let units = current.units;
        for (const succession of reorganisation.successions) {
          // Looked up in the version before this event: one index, however many successions.
          const unit = current.units.get(succession.unitId);
          if (!unit) continue;
          units = units.set(succession.unitId, {
            ...unit,
            validUntil: reorganisation.effectiveOn,
            successorId: succession.successorId,
            reorganisationId: reorganisation.reorganisationId,
          });
        }
        return { ...current, units, reorganisations: current.reorganisations.set(reorganisation.reorganisationId, reorganisation) };
      }
      default:
        return assertNever(event, 'units event');
    }
  },
};
