import { Role } from '@dondoc/platform/auth/actor';

/** Persisted event type strings of `user-<userId>` streams: never rename. */
export const UserEventType = {
  UserCreated: 'UserCreated',
  UserPasswordChanged: 'UserPasswordChanged',
  UserDisabled: 'UserDisabled',
} as const;
type T = typeof UserEventType;

/** Current schema version of each event type; raise it with an upcaster when a shape changes. */
export const USER_EVENT_SCHEMA_VERSIONS: Readonly<Record<keyof T, number>> = {
  UserCreated: 1,
  UserPasswordChanged: 1,
  UserDisabled: 1,
};

/** The roles a person can hold; `system` is the process itself and is never a user. */
export type UserRole = Exclude<Role, 'system'>;
export const USER_ROLES: readonly UserRole[] = ['committee', 'monitoring', 'agency', 'auditor', 'admin'];

export interface UserCreatedData {
  userId: string;
  /** Normalised login name (lower case). */
  username: string;
  displayName: string;
  role: UserRole;
  /** Agency code: required for agency officers, allowed for monitoring, null for the rest. */
  agency: string | null;
  /**
   * SHA-256 of the stored credential (the scrypt string, salt included). Not the password
   * hash itself: that lives only in the mutable `identity_users` table so that it can be
   * erased, never leaves in exports and is never shown to auditors. The digest lets login
   * refuse a credential row swapped behind the system's back (see docs/threat-model.md).
   */
  credentialDigest: string;
  createdAt: string;
}

export interface UserPasswordChangedData {
  userId: string;
  credentialDigest: string;
  changedAt: string;
}

export interface UserDisabledData {
  userId: string;
  reason: string;
  disabledAt: string;
}

export interface UserEventOf<TType extends string, TData> {
  type: TType;
  schemaVersion: number;
  data: TData;
}

export type UserCreated = UserEventOf<T['UserCreated'], UserCreatedData>;
export type UserPasswordChanged = UserEventOf<T['UserPasswordChanged'], UserPasswordChangedData>;
export type UserDisabled = UserEventOf<T['UserDisabled'], UserDisabledData>;
export type UserEvent = UserCreated | UserPasswordChanged | UserDisabled;

export const userCreated = (data: UserCreatedData): UserCreated => ({
  type: UserEventType.UserCreated,
  schemaVersion: USER_EVENT_SCHEMA_VERSIONS.UserCreated,
  data,
});
export const userPasswordChanged = (data: UserPasswordChangedData): UserPasswordChanged => ({
  type: UserEventType.UserPasswordChanged,
  schemaVersion: USER_EVENT_SCHEMA_VERSIONS.UserPasswordChanged,
  data,
});
export const userDisabled = (data: UserDisabledData): UserDisabled => ({
  type: UserEventType.UserDisabled,
  schemaVersion: USER_EVENT_SCHEMA_VERSIONS.UserDisabled,
  data,
});

/** Stream id of a user (persisted). */
export const userStreamId = (userId: string): string => `user-${userId}`;
export const USER_STREAM_PREFIX = 'user-';
