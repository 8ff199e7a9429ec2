import { assertNever, Decider } from '@dondoc/event-store/decider/decider';
import { invalid } from '@dondoc/platform/errors/domain-error';
import { AGENCY_KINDS, AGENCY_LEVELS, AgencyCommand, AgencyKind, AgencyLevel, RegisterAgency } from './agency.commands';
import { AgencyEvent, agencyRegistered } from './agency.events';
import { assertRoleAllowed } from './authorization';
import { TaskingErrors } from './tasking.errors';
import { optionalText, requireAgencyCode, requireText } from './validation';

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
    };

export const initialAgencyState = (): AgencyState => ({ status: 'unregistered' });

export function decideAgency(command: AgencyCommand, state: AgencyState): AgencyEvent[] {
  assertRoleAllowed(command.metadata.actor, command.type);
  switch (command.type) {
    case 'RegisterAgency':
      return register(command, state);
    default:
      return assertNever(command.type, 'agency command');
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

export function evolveAgency(state: AgencyState, event: AgencyEvent): AgencyState {
  switch (event.type) {
    case 'AgencyRegistered':
      return { status: 'registered', ...event.data };
    default:
      return assertNever(event.type, 'agency event');
  }
}

/** `agency-<CODE>` streams. */
export const agencyDecider: Decider<AgencyCommand, AgencyState, AgencyEvent> = {
  initialState: initialAgencyState,
  decide: decideAgency,
  evolve: evolveAgency,
};
