import { assertNever, Decider } from '@dondoc/event-store/decider/decider';
import { invalid } from '@dondoc/platform/errors/domain-error';
import { startOfLocalDay } from '@dondoc/calendar/local-date';
import { AGENCY_KINDS, AGENCY_LEVELS, AgencyCommand, AgencyKind, AgencyLevel, RecordAgencySuccession, RegisterAgency } from './agency.commands';
import { AgencyEvent, agencyRegistered, agencySucceeded, AgencySucceededData } from './agency.events';
import { assertRoleAllowed } from './authorization';
import { TaskingErrors } from './tasking.errors';
import { MAX_REASON_LENGTH } from './tasking.types';
import { optionalText, requireAgencyCode, requireDate, requireReason, requireText } from './validation';

export type AgencyState =
  | { status: 'unregistered' }
  | {
      status: 'registered';
      code: string;
      nameVi: string;
      nameEn: string | null;
      level: AgencyLevel;
      kind: AgencyKind;
      collective: boolean;
      registeredAt: string;
      /** Set once, by AgencySucceeded: the agency ceased and its work passed on. */
      succession: Omit<AgencySucceededData, 'code'> | null;
    };

export const initialAgencyState = (): AgencyState => ({ status: 'unregistered' });

export function decideAgency(command: AgencyCommand, state: AgencyState): AgencyEvent[] {
  assertRoleAllowed(command.metadata.actor, command.type);
  switch (command.type) {
    case 'RegisterAgency':
      return register(command, state);
    case 'RecordAgencySuccession':
      return recordSuccession(command, state);
    default:
      return assertNever(command, 'agency command');
  }
}

function register(command: RegisterAgency, state: AgencyState): AgencyEvent[] {
  const { data } = command;
  if (state.status === 'registered') throw TaskingErrors.agencyAlreadyRegistered(state.code);
  if (!AGENCY_LEVELS.includes(data.level)) throw invalid('AGENCY_LEVEL_INVALID', `Cấp cơ quan "${data.level}" không hợp lệ`);
  if (!AGENCY_KINDS.includes(data.kind)) throw invalid('AGENCY_KIND_INVALID', `Loại cơ quan "${data.kind}" không hợp lệ`);
  return [
    agencyRegistered({
      code: requireAgencyCode('code', data.code),
      nameVi: requireText('nameVi', data.nameVi, 500),
      nameEn: optionalText('nameEn', data.nameEn, 500),
      level: data.level,
      kind: data.kind,
      collective: data.collective === true,
      registeredAt: command.metadata.now,
    }),
  ];
}

/**
 * The rules of a succession X → Y on day D: X exists and has not already ceased (a second
 * succession would rewrite the first), Y is another registered agency, Y's own chain does not
 * lead back to X (no cycle), Y has not itself ceased on or before D (its work already belongs
 * to its own successor: name that one), D is a real date, and a reason is given. The handler
 * serialises successions so that two recorded at once cannot form a cycle between them.
 */
function recordSuccession(command: RecordAgencySuccession, state: AgencyState): AgencyEvent[] {
  const { data } = command;
  if (state.status !== 'registered') throw TaskingErrors.agencyNotRegistered(data.code);
  if (state.succession) throw TaskingErrors.agencyAlreadySucceeded(state.code, state.succession.successorCode, state.succession.effectiveOn);
  const successorCode = requireAgencyCode('successorCode', data.successorCode);
  const effectiveOn = requireDate('effectiveOn', data.effectiveOn);
  const reason = requireReason(data.reason, MAX_REASON_LENGTH);
  if (successorCode === state.code) throw TaskingErrors.successorIsSelf(state.code);
  if (!data.successor.registered) throw TaskingErrors.agencyNotFound([successorCode]);
  const chain = [state.code, successorCode];
  for (const link of data.successor.successions) {
    chain.push(link.successorCode);
    if (link.successorCode === state.code) throw TaskingErrors.successionCycle(chain);
  }
  const own = data.successor.successions.find((link) => link.code === successorCode);
  if (own && own.effectiveOn <= effectiveOn) {
    throw TaskingErrors.successorCeased(successorCode, own.successorCode, own.effectiveOn, effectiveOn);
  }
  return [
    agencySucceeded({
      code: state.code,
      successorCode,
      effectiveOn,
      effectiveAt: startOfLocalDay(effectiveOn),
      reason,
      recordedAt: command.metadata.now,
    }),
  ];
}

export function evolveAgency(state: AgencyState, event: AgencyEvent): AgencyState {
  switch (event.type) {
    case 'AgencyRegistered':
      return { status: 'registered', ...event.data, succession: null };
    case 'AgencySucceeded': {
      if (state.status !== 'registered') return state;
      const { code: _, ...succession } = event.data;
      return { ...state, succession };
    }
    default:
      return assertNever(event, 'agency event');
  }
}

/** `agency-<CODE>` streams. */
export const agencyDecider: Decider<AgencyCommand, AgencyState, AgencyEvent> = {
  initialState: initialAgencyState,
  decide: decideAgency,
  evolve: evolveAgency,
};
