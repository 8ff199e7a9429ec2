import { Actor, ROLE_LABELS_VI } from '@dondoc/platform/auth/actor';
import { forbidden } from '@dondoc/platform/errors/domain-error';
import { USER_STREAM_PREFIX } from './user.events';

/** Who may create users, change their passwords and lock them: administrators and the system (the CLI). */
export const USER_ADMIN_ROLES = ['admin', 'system'] as const;

/**
 * Checked in every identity command handler, not only by the route's `@Roles('admin')`: a
 * handler reached another way (a new route, a job, a script) still refuses anyone else.
 */
export function assertMayManageUsers(actor: Actor): void {
  if (!(USER_ADMIN_ROLES as readonly string[]).includes(actor.role)) {
    throw forbidden('ROLE_NOT_ALLOWED', `Vai trò ${ROLE_LABELS_VI[actor.role] ?? actor.role} không được phép quản lý người dùng`, {
      role: actor.role,
      allowed: [...USER_ADMIN_ROLES],
    });
  }
}

/** Who may read who someone is (their user stream, the user list): administrators and auditors. */
export const USER_READER_ROLES = ['admin', 'auditor'] as const;

/** Streams of the identity context: one per user (`user-<id>`). */
export function isIdentityStream(streamId: string): boolean {
  return streamId.startsWith(USER_STREAM_PREFIX);
}

/**
 * A raw identity stream (names, roles, agencies, password changes and lockings) is read by the
 * same roles as the user list, whatever route serves it: 403 for the others.
 */
export function assertMayReadIdentityStream(actor: Actor, streamId: string): void {
  if (isIdentityStream(streamId) && !(USER_READER_ROLES as readonly string[]).includes(actor.role)) {
    throw forbidden('ROLE_NOT_ALLOWED', `Vai trò ${ROLE_LABELS_VI[actor.role] ?? actor.role} không được xem luồng sự kiện của người dùng`, {
      role: actor.role,
      allowed: [...USER_READER_ROLES],
    });
  }
}
