import { Injectable } from '@nestjs/common';
import { IdentityErrors } from '../domain/identity.errors';
import { UserState } from '../domain/user.decider';
import { toUserSummary, UserAccounts, UserSummary } from '../infrastructure/user-accounts.repository';
import { UserStreamWriter } from './user-stream-writer';

export interface UserDetail extends UserSummary {
  /** The user as folded from `user-<id>` (the truth); `version` is the stream version. */
  status: UserState['status'];
  passwordChangedAt: string | null;
  disabledAt: string | null;
  disabledReason: string | null;
}

@Injectable()
export class UserQueries {
  constructor(
    private readonly accounts: UserAccounts,
    private readonly users: UserStreamWriter,
  ) {}

  async get(userId: string): Promise<UserDetail> {
    const [row, { state, version }] = await Promise.all([this.accounts.findById(userId), this.users.load(userId)]);
    if (!row || state.status === 'absent') throw IdentityErrors.userNotFound(userId);
    return {
      ...toUserSummary(row),
      role: state.role,
      agency: state.agency,
      displayName: state.displayName,
      disabled: state.status === 'disabled',
      version,
      status: state.status,
      passwordChangedAt: state.passwordChangedAt,
      disabledAt: state.status === 'disabled' ? state.disabledAt : null,
      disabledReason: state.status === 'disabled' ? state.disabledReason : null,
    };
  }

  list(page: number, pageSize: number): Promise<{ total: number; users: UserSummary[] }> {
    return this.accounts.list((page - 1) * pageSize, pageSize);
  }
}
