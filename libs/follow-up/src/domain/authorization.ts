import { Actor, Role, ROLE_LABELS_VI } from '@dondoc/platform/auth/actor';
import { FollowUpErrors } from './follow-up.errors';

export type FollowUpAction =
  | 'DeclareCalendarDay'
  | 'ConfigureReminderStages'
  | 'SetAgencyContacts'
  | 'SendFollowUp'
  | 'RecordMessage'
  | 'ReadReminders'
  | 'ReadContacts';

/** Who may do what in follow-up; the HTTP routes use the same table with `@Roles(...)`. */
export const FOLLOW_UP_ROLES: Readonly<Record<FollowUpAction, readonly Role[]>> = {
  DeclareCalendarDay: ['admin', 'committee', 'system'],
  ConfigureReminderStages: ['committee', 'admin', 'system'],
  SetAgencyContacts: ['committee', 'admin', 'system'],
  SendFollowUp: ['monitoring', 'committee', 'system'],
  RecordMessage: ['system'],
  ReadReminders: ['committee', 'monitoring', 'agency', 'auditor', 'admin', 'system'],
  ReadContacts: ['committee', 'monitoring', 'auditor', 'admin', 'system'],
};

const ACTION_LABELS_VI: Readonly<Record<FollowUpAction, string>> = {
  DeclareCalendarDay: 'khai báo ngày nghỉ, ngày làm bù',
  ConfigureReminderStages: 'cấu hình mốc nhắc việc',
  SetAgencyContacts: 'khai báo địa chỉ nhận thông báo',
  SendFollowUp: 'đôn đốc nhiệm vụ',
  RecordMessage: 'ghi nhận thông báo',
  ReadReminders: 'xem nhắc việc',
  ReadContacts: 'xem địa chỉ nhận thông báo',
};

export function assertFollowUpRole(actor: Actor, action: FollowUpAction): void {
  if (!FOLLOW_UP_ROLES[action].includes(actor.role)) {
    throw FollowUpErrors.roleNotAllowed(ROLE_LABELS_VI[actor.role] ?? actor.role, ACTION_LABELS_VI[action]);
  }
}

/** Roles as a mutable array for `@Roles(...)`. */
export const rolesFor = (action: FollowUpAction): Role[] => [...FOLLOW_UP_ROLES[action]];
