import { Actor, Role, ROLE_LABELS_VI } from '@dondoc/platform/auth/actor';
import { AgencySuccessions } from './agency-succession';
import type { ExtensionRecord, ReportRecord } from './task.decider';
import { TaskingErrors } from './tasking.errors';

/** Everything one can do in tasking, named after the commands (plus reading a task). */
export type TaskingAction =
  | 'RegisterAgency'
  | 'RecordAgencySuccession'
  | 'IssuePlan'
  | 'AssignTask'
  | 'SubmitReport'
  | 'ReviewReport'
  | 'RequestExtension'
  | 'DecideExtension'
  | 'ReassignTask'
  | 'CompleteTask'
  | 'CancelTask'
  | 'ReadTask';

/**
 * Who may do what (DESIGN.md "Who uses it", issue 6). `system` is the process itself
 * (imports, reminders). Admins keep reference data (agencies); auditors write nothing.
 * The HTTP routes use the same table with `@Roles(...)`, so the two cannot drift.
 */
export const ALLOWED_ROLES: Readonly<Record<TaskingAction, readonly Role[]>> = {
  RegisterAgency: ['admin', 'committee', 'system'],
  RecordAgencySuccession: ['admin', 'committee', 'system'],
  IssuePlan: ['committee', 'system'],
  AssignTask: ['committee', 'system'],
  SubmitReport: ['agency', 'system'],
  ReviewReport: ['committee', 'system'],
  RequestExtension: ['agency', 'system'],
  DecideExtension: ['committee', 'system'],
  ReassignTask: ['committee', 'system'],
  CompleteTask: ['committee', 'system'],
  CancelTask: ['committee', 'system'],
  ReadTask: ['committee', 'monitoring', 'agency', 'auditor', 'admin', 'system'],
};

/** What the action is called in messages ("… không được phép <action>"). */
export const ACTION_LABELS_VI: Readonly<Record<TaskingAction, string>> = {
  RegisterAgency: 'đăng ký cơ quan',
  RecordAgencySuccession: 'ghi nhận cơ quan kế thừa',
  IssuePlan: 'ban hành kế hoạch',
  AssignTask: 'giao nhiệm vụ',
  SubmitReport: 'nộp báo cáo',
  ReviewReport: 'duyệt báo cáo',
  RequestExtension: 'đề nghị gia hạn',
  DecideExtension: 'quyết định gia hạn',
  ReassignTask: 'giao lại cơ quan chủ trì',
  CompleteTask: 'xác nhận hoàn thành',
  CancelTask: 'hủy nhiệm vụ',
  ReadTask: 'xem nhiệm vụ',
};

/** Refuses an actor whose role may not do the action (403 `ROLE_NOT_ALLOWED`). */
export function assertRoleAllowed(actor: Actor, action: TaskingAction): void {
  if (!ALLOWED_ROLES[action].includes(actor.role)) {
    throw TaskingErrors.roleNotAllowed(ROLE_LABELS_VI[actor.role] ?? actor.role, ACTION_LABELS_VI[action]);
  }
}

/*
 * Agency successions (DESIGN.md: administrative units change). An officer acts for the agency in
 * their token, and that agency answers for its own tasks and, once a succession is effective,
 * for the tasks of every agency whose work passed to it (X → Y: Y's officers report on X's tasks
 * from the effective day on). An agency that has ceased answers for nothing any more: its
 * officers are refused with 403 `AGENCY_CEASED` naming who answers now, until an administrator
 * moves them to the successor. `successions` is the view at the instant of the command or
 * query; without it (none given) every agency answers for itself, as before any succession.
 */

/** 403 `AGENCY_CEASED` for an officer whose own agency has ceased by the view's instant. */
function assertAgencyStands(actor: Actor, successions: AgencySuccessions): void {
  if (actor.role !== 'agency' || actor.agency === null) return;
  const link = successions.ceased(actor.agency);
  if (link) throw TaskingErrors.agencyCeased(actor.agency, successions.answering(actor.agency), link.effectiveOn);
}

/**
 * An agency officer acts only on tasks their agency answers for: it leads them (chủ trì) or its
 * predecessor did (403 `NOT_YOUR_AGENCY`, or `AGENCY_CEASED`); other allowed roles are not
 * scoped to an agency.
 */
export function assertActsForLeadAgency(
  actor: Actor,
  action: TaskingAction,
  leadAgency: string,
  successions: AgencySuccessions = AgencySuccessions.none,
): void {
  if (actor.role !== 'agency') return;
  if (actor.agency !== null && actor.agency === successions.answering(leadAgency)) return;
  assertAgencyStands(actor, successions);
  throw TaskingErrors.notYourAgency(ACTION_LABELS_VI[action], leadAgency);
}

/**
 * An agency officer reads the tasks their agency leads or coordinates on (a coordinating
 * agency has to know what it coordinates), its predecessors' included; every other role reads
 * every task.
 */
export function assertMayReadTask(
  actor: Actor,
  task: { leadAgency: string; coordinatingAgencies: readonly string[] },
  successions: AgencySuccessions = AgencySuccessions.none,
): void {
  assertRoleAllowed(actor, 'ReadTask');
  if (actor.role !== 'agency') return;
  const mine = (code: string) => successions.answering(code) === actor.agency;
  if (actor.agency !== null && (mine(task.leadAgency) || task.coordinatingAgencies.some(mine))) return;
  assertAgencyStands(actor, successions);
  throw TaskingErrors.notYourAgency(ACTION_LABELS_VI.ReadTask, task.leadAgency);
}

/** How much of a task a reader sees: all of it, or a coordinating agency's view. */
export type TaskVisibility = 'full' | 'coordinating';

/**
 * What a reader may see of a task (after assertMayReadTask). The lead agency's officers and every
 * other role see everything. A coordinating agency (phối hợp) has to know what it coordinates,
 * but never another agency's unfinished work (DESIGN.md, "Who uses it"): its officers see the
 * reports the committee accepted, not those awaiting review or returned (with their reasons),
 * and no extension requests.
 */
export function taskViewFor<T extends { leadAgency: string; reports: readonly ReportRecord[]; extensions: readonly ExtensionRecord[] }>(
  actor: Actor,
  task: T,
  successions: AgencySuccessions = AgencySuccessions.none,
): T & { visibility: TaskVisibility } {
  if (actor.role !== 'agency' || actor.agency === successions.answering(task.leadAgency)) return { ...task, visibility: 'full' };
  return {
    ...task,
    reports: task.reports.filter((report) => report.status === 'accepted'),
    extensions: [],
    visibility: 'coordinating',
  };
}

/**
 * The agency a read-model query (task lists, obligations, scorecards) is confined to; the query
 * covers that agency and its predecessors (`AgencySuccessions.answersFor`). Roles that read every
 * task read every agency's figures: the agency they asked for, or all (null). An agency officer
 * reads their own agency's only: asking for none means their own, asking for a predecessor
 * narrows to it, asking for another is refused (403 `NOT_YOUR_AGENCY`, rather than an empty
 * answer that looks like "no tasks"); an officer of a ceased agency gets 403 `AGENCY_CEASED`.
 */
export function readScopeAgency(
  actor: Actor,
  requested: string | null | undefined,
  successions: AgencySuccessions = AgencySuccessions.none,
): string | null {
  assertRoleAllowed(actor, 'ReadTask');
  if (actor.role !== 'agency') return requested ?? null;
  if (actor.agency === null) throw TaskingErrors.notYourAgencyFigures(requested ?? '?');
  assertAgencyStands(actor, successions);
  if (requested && !successions.answersFor(actor.agency).includes(requested)) throw TaskingErrors.notYourAgencyFigures(requested);
  return requested || actor.agency;
}
