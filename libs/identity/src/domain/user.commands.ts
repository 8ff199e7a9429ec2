import { UserRole } from './user.events';

/** Time arrives with the command (the injected clock at the edge); the domain never reads one. */
export interface UserCommandOf<TType extends string, TData> {
  type: TType;
  data: TData;
  now: string;
}

export type CreateUser = UserCommandOf<
  'CreateUser',
  {
    userId: string;
    username: string;
    displayName: string;
    role: UserRole;
    agency: string | null;
    credentialDigest: string;
  }
>;
export type ChangeUserPassword = UserCommandOf<'ChangeUserPassword', { userId: string; credentialDigest: string }>;
export type DisableUser = UserCommandOf<'DisableUser', { userId: string; reason: string }>;

export type UserCommand = CreateUser | ChangeUserPassword | DisableUser;
