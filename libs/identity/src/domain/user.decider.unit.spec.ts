import { spec } from '@dondoc/event-store/testing';
import { userDecider } from './user.decider';
import { CreateUser } from './user.commands';
import { userCreated, userDisabled, userPasswordChanged } from './user.events';

const now = '2020-01-02T01:00:00.000Z';
const later = '2020-02-02T01:00:00.000Z';

const create = (overrides: Partial<CreateUser['data']> = {}): CreateUser => ({
  type: 'CreateUser',
  now,
  data: {
    userId: 'u1',
    username: 'nguyen.van.a',
    displayName: 'Nguyễn Văn A',
    role: 'agency',
    agency: 'CA_TINH',
    credentialDigest: 'd1',
    ...overrides,
  },
});

const created = userCreated({
  userId: 'u1',
  username: 'nguyen.van.a',
  displayName: 'Nguyễn Văn A',
  role: 'agency',
  agency: 'CA_TINH',
  credentialDigest: 'd1',
  createdAt: now,
});

describe('user decider', () => {
  it('creates a user', () => {
    spec(userDecider).given([]).when(create()).then([created]);
  });

  it('refuses a second creation of the same user', () => {
    spec(userDecider).given([created]).when(create()).thenThrows('USER_EXISTS');
  });

  it('refuses an agency officer without an agency', () => {
    spec(userDecider).given([]).when(create({ agency: null })).thenThrows('AGENCY_REQUIRED');
  });

  it('refuses an agency on roles that act for the committee', () => {
    spec(userDecider).given([]).when(create({ role: 'auditor' })).thenThrows('AGENCY_NOT_ALLOWED');
    spec(userDecider).given([]).when(create({ role: 'monitoring' })).events();
  });

  it('refuses the system role, bad user names and empty names', () => {
    spec(userDecider).given([]).when(create({ role: 'system' as never, agency: null })).thenThrows('ROLE_INVALID');
    spec(userDecider).given([]).when(create({ username: 'A B' })).thenThrows('USERNAME_INVALID');
    spec(userDecider).given([]).when(create({ displayName: '  ' })).thenThrows('DISPLAY_NAME_REQUIRED');
    spec(userDecider).given([]).when(create({ agency: 'ca tinh' })).thenThrows('AGENCY_NOT_FOUND');
  });

  it('changes a password', () => {
    spec(userDecider)
      .given([created])
      .when({ type: 'ChangeUserPassword', now: later, data: { userId: 'u1', credentialDigest: 'd2' } })
      .then([userPasswordChanged({ userId: 'u1', credentialDigest: 'd2', changedAt: later })]);
  });

  it('refuses a password change of a missing or disabled user', () => {
    const command = { type: 'ChangeUserPassword' as const, now: later, data: { userId: 'u1', credentialDigest: 'd2' } };
    spec(userDecider).given([]).when(command).thenThrows('USER_NOT_FOUND');
    const disabled = userDisabled({ userId: 'u1', reason: 'nghỉ hưu', disabledAt: later });
    spec(userDecider).given([created, disabled]).when(command).thenThrows('USER_DISABLED');
  });

  it('disables once; disabling again records nothing', () => {
    const command = { type: 'DisableUser' as const, now: later, data: { userId: 'u1', reason: 'nghỉ hưu' } };
    const disabled = userDisabled({ userId: 'u1', reason: 'nghỉ hưu', disabledAt: later });
    spec(userDecider).given([created]).when(command).then([disabled]);
    spec(userDecider).given([created, disabled]).when(command).then([]);
    spec(userDecider).given([created]).when({ ...command, data: { userId: 'u1', reason: ' ' } }).thenThrows('REASON_REQUIRED');
  });

  it('folds the profile, the new credential and the disabled status', () => {
    const state = [
      created,
      userPasswordChanged({ userId: 'u1', credentialDigest: 'd2', changedAt: later }),
      userDisabled({ userId: 'u1', reason: 'nghỉ hưu', disabledAt: later }),
    ].reduce(userDecider.evolve, userDecider.initialState());
    expect(state).toMatchObject({ status: 'disabled', credentialDigest: 'd2', role: 'agency', agency: 'CA_TINH' });
  });
});
