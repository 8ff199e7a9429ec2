import { Actor, ROLE_LABELS_VI } from '@dondoc/platform/auth/actor';
import { forbidden } from '@dondoc/platform/errors/domain-error';

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
