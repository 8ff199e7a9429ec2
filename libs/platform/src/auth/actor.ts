/**
 * Who acts. Carried by the bearer token and written into every event's metadata by the
 * server — never taken from a request body.
 */
export const ROLES = ['committee', 'monitoring', 'agency', 'auditor', 'admin', 'system'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  userId: string;
  role: Role;
  /** Agency code for agency officers (and the monitoring agency); null for the rest. */
  agency: string | null;
}

/** The system itself: reminders, escalations, imports run from the CLI. */
export const SYSTEM_ACTOR: Actor = { userId: 'system', role: 'system', agency: null };

/** Vietnamese labels of the roles, for pages and messages. */
export const ROLE_LABELS_VI: Record<Role, string> = {
  committee: 'Ban Chỉ đạo',
  monitoring: 'Cơ quan theo dõi',
  agency: 'Cán bộ cơ quan',
  auditor: 'Thanh tra',
  admin: 'Quản trị',
  system: 'Hệ thống',
};
