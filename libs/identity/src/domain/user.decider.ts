import { assertNever, Decider } from '@dondoc/event-store/decider/decider';
import { ChangeUserPassword, CreateUser, DisableUser, UserCommand } from './user.commands';
import {
  USER_ROLES,
  UserEvent,
  UserRole,
  userCreated,
  userDisabled,
  userPasswordChanged,
} from './user.events';
import { IdentityErrors } from './identity.errors';
import { isValidUsername } from './username';

/** Agency codes as in tasking (`CA_TINH`). */
const AGENCY_CODE_PATTERN = /^[A-Z0-9_]{2,64}$/;
const MAX_NAME_LENGTH = 200;
const MAX_REASON_LENGTH = 2_000;

export interface UserProfile {
  userId: string;
  username: string;
  displayName: string;
  role: UserRole;
  agency: string | null;
  credentialDigest: string;
  createdAt: string;
  passwordChangedAt: string | null;
}

export type UserState =
  | { status: 'absent' }
  | ({ status: 'active' } & UserProfile)
  | ({ status: 'disabled'; disabledAt: string; disabledReason: string } & UserProfile);

export const initialUserState = (): UserState => ({ status: 'absent' });

export function evolveUser(state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'UserCreated': {
      const { userId, username, displayName, role, agency, credentialDigest, createdAt } = event.data;
      return { status: 'active', userId, username, displayName, role, agency, credentialDigest, createdAt, passwordChangedAt: null };
    }
    case 'UserPasswordChanged':
      if (state.status === 'absent') return state;
      return { ...state, credentialDigest: event.data.credentialDigest, passwordChangedAt: event.data.changedAt };
    case 'UserDisabled':
      if (state.status === 'absent') return state;
      return { ...state, status: 'disabled', disabledAt: event.data.disabledAt, disabledReason: event.data.reason };
    default:
      return assertNever(event, 'user event');
  }
}

function create(command: CreateUser, state: UserState): UserEvent[] {
  const { userId, username, role, agency, credentialDigest } = command.data;
  if (state.status !== 'absent') throw IdentityErrors.userExists(userId);
  if (!isValidUsername(username)) throw IdentityErrors.usernameInvalid(username);
  if (!USER_ROLES.includes(role)) throw IdentityErrors.roleInvalid(role);
  const displayName = command.data.displayName.trim();
  if (!displayName || displayName.length > MAX_NAME_LENGTH) throw IdentityErrors.displayNameRequired();
  if (role === 'agency' && !agency) throw IdentityErrors.agencyRequired();
  // The monitoring agency's officers carry its code (actor.ts); the other roles act for the committee.
  if (agency !== null && role !== 'agency' && role !== 'monitoring') throw IdentityErrors.agencyNotAllowed(role);
  if (agency !== null && !AGENCY_CODE_PATTERN.test(agency)) throw IdentityErrors.agencyUnknown(agency);
  return [userCreated({ userId, username, displayName, role, agency, credentialDigest, createdAt: command.now })];
}

function changePassword(command: ChangeUserPassword, state: UserState): UserEvent[] {
  if (state.status === 'absent') throw IdentityErrors.userNotFound(command.data.userId);
  if (state.status === 'disabled') throw IdentityErrors.userDisabled(state.userId);
  return [userPasswordChanged({ userId: state.userId, credentialDigest: command.data.credentialDigest, changedAt: command.now })];
}

function disable(command: DisableUser, state: UserState): UserEvent[] {
  if (state.status === 'absent') throw IdentityErrors.userNotFound(command.data.userId);
  // Already disabled: the work is done, nothing to record.
  if (state.status === 'disabled') return [];
  const reason = command.data.reason.trim();
  if (!reason || reason.length > MAX_REASON_LENGTH) throw IdentityErrors.reasonRequired();
  return [userDisabled({ userId: state.userId, reason, disabledAt: command.now })];
}

export function decideUser(command: UserCommand, state: UserState): UserEvent[] {
  switch (command.type) {
    case 'CreateUser':
      return create(command, state);
    case 'ChangeUserPassword':
      return changePassword(command, state);
    case 'DisableUser':
      return disable(command, state);
    default:
      return assertNever(command, 'user command');
  }
}

export const userDecider: Decider<UserCommand, UserState, UserEvent> = {
  initialState: initialUserState,
  evolve: evolveUser,
  decide: decideUser,
};
