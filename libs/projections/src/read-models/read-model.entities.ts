import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Read-model entities: the tables the projections write (see read-models.migration.ts and the
 * `*.tables.ts` row types the engine moves). Written only by projections; read by the queries.
 * TypeORM hands bigint columns back as strings.
 */

/** The plans' periods, which decide their tasks' obligations (projection `task-board`). */
@Entity({ name: 'task_board_plans' })
export class TaskBoardPlanEntity {
  @PrimaryColumn({ name: 'plan_id', type: 'text' })
  planId: string;

  @Column({ type: 'text' })
  number: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'period_start', type: 'date' })
  periodStart: string;

  @Column({ name: 'period_end', type: 'date', nullable: true })
  periodEnd: string | null;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt: Date;
}

/** One row per task (projection `task-board`). */
@Entity({ name: 'task_board' })
export class TaskBoardEntity {
  @PrimaryColumn({ name: 'task_id', type: 'text' })
  taskId: string;

  @Column({ name: 'plan_id', type: 'text' })
  planId: string;

  @Column({ name: 'plan_number', type: 'text', nullable: true })
  planNumber: string | null;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'lead_agency', type: 'text' })
  leadAgency: string;

  @Column({ name: 'coordinating_agencies', type: 'text', array: true })
  coordinatingAgencies: string[];

  @Column({ name: 'source_ref', type: 'text', nullable: true })
  sourceRef: string | null;

  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate: string | null;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ name: 'reporting_schedule', type: 'jsonb', nullable: true })
  reportingSchedule: unknown | null;

  @Column({ name: 'assigned_at', type: 'timestamptz' })
  assignedAt: Date;

  @Column({ type: 'text' })
  lifecycle: string;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ name: 'completed_late', type: 'boolean', nullable: true })
  completedLate: boolean | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason: string | null;

  @Column({ name: 'obligations_total', type: 'integer' })
  obligationsTotal: number;

  @Column({ name: 'obligations_satisfied', type: 'integer' })
  obligationsSatisfied: number;

  @Column({ name: 'obligations_late', type: 'integer' })
  obligationsLate: number;

  @Column({ name: 'open_period_id', type: 'text', nullable: true })
  openPeriodId: string | null;

  @Column({ name: 'open_due_at', type: 'timestamptz', nullable: true })
  openDueAt: Date | null;

  @Column({ name: 'open_due_soon_at', type: 'timestamptz', nullable: true })
  openDueSoonAt: Date | null;

  @Column({ name: 'last_satisfied_at', type: 'timestamptz', nullable: true })
  lastSatisfiedAt: Date | null;

  @Column({ name: 'last_satisfied_late', type: 'boolean', nullable: true })
  lastSatisfiedLate: boolean | null;

  @Column({ name: 'last_report_id', type: 'text', nullable: true })
  lastReportId: string | null;

  @Column({ name: 'last_report_period_id', type: 'text', nullable: true })
  lastReportPeriodId: string | null;

  @Column({ name: 'last_report_at', type: 'timestamptz', nullable: true })
  lastReportAt: Date | null;

  @Column({ name: 'last_report_status', type: 'text', nullable: true })
  lastReportStatus: string | null;

  @Column({ name: 'last_report_late', type: 'boolean', nullable: true })
  lastReportLate: boolean | null;

  @Column({ name: 'last_progress_percent', type: 'integer', nullable: true })
  lastProgressPercent: number | null;

  @Column({ name: 'extensions_pending', type: 'integer' })
  extensionsPending: number;

  @Column({ name: 'extensions_granted', type: 'integer' })
  extensionsGranted: number;

  @Column({ type: 'integer' })
  reassignments: number;

  @Column({ name: 'reminder_count', type: 'integer' })
  reminderCount: number;

  @Column({ name: 'stream_version', type: 'integer' })
  streamVersion: number;

  @Column({ name: 'last_position', type: 'bigint' })
  lastPosition: string;
}

/** One row per task × reporting period, or `due` (projection `task-board`). */
@Entity({ name: 'obligations' })
export class ObligationEntity {
  @PrimaryColumn({ name: 'task_id', type: 'text' })
  taskId: string;

  @PrimaryColumn({ name: 'period_id', type: 'text' })
  periodId: string;

  @Column({ name: 'plan_id', type: 'text' })
  planId: string;

  @Column({ type: 'text' })
  agency: string;

  @Column({ name: 'nominal_date', type: 'date', nullable: true })
  nominalDate: string | null;

  @Column({ name: 'original_due_at', type: 'timestamptz' })
  originalDueAt: Date;

  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate: string | null;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ name: 'due_soon_at', type: 'timestamptz' })
  dueSoonAt: Date;

  @Column({ type: 'text' })
  state: string;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ name: 'report_id', type: 'text', nullable: true })
  reportId: string | null;

  @Column({ type: 'boolean', nullable: true })
  late: boolean | null;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @Column({ name: 'returned_at', type: 'timestamptz', nullable: true })
  returnedAt: Date | null;

  @Column({ type: 'integer' })
  returns: number;

  @Column({ name: 'extension_id', type: 'text', nullable: true })
  extensionId: string | null;

  @Column({ name: 'extension_status', type: 'text', nullable: true })
  extensionStatus: string | null;

  @Column({ name: 'last_position', type: 'bigint' })
  lastPosition: string;

  @Column({ name: 'extended_to', type: 'date', nullable: true })
  extendedTo: string | null;
}

/** Per agency, the time-free counters of its scorecard (projection `agency-scorecard`). */
@Entity({ name: 'agency_scorecard' })
export class AgencyScorecardEntity {
  @PrimaryColumn({ name: 'agency_code', type: 'text' })
  agencyCode: string;

  @Column({ name: 'name_vi', type: 'text', nullable: true })
  nameVi: string | null;

  @Column({ type: 'text', nullable: true })
  level: string | null;

  @Column({ type: 'text', nullable: true })
  kind: string | null;

  @Column({ name: 'tasks_lead', type: 'integer' })
  tasksLead: number;

  @Column({ name: 'tasks_open', type: 'integer' })
  tasksOpen: number;

  @Column({ name: 'tasks_completed', type: 'integer' })
  tasksCompleted: number;

  @Column({ name: 'tasks_cancelled', type: 'integer' })
  tasksCancelled: number;

  @Column({ name: 'tasks_coordinating', type: 'integer' })
  tasksCoordinating: number;

  @Column({ name: 'reports_submitted', type: 'integer' })
  reportsSubmitted: number;

  @Column({ name: 'reports_late', type: 'integer' })
  reportsLate: number;

  @Column({ name: 'reports_accepted', type: 'integer' })
  reportsAccepted: number;

  @Column({ name: 'reports_returned', type: 'integer' })
  reportsReturned: number;

  @Column({ name: 'extensions_requested', type: 'integer' })
  extensionsRequested: number;

  @Column({ name: 'extensions_granted', type: 'integer' })
  extensionsGranted: number;

  @Column({ name: 'reassigned_in', type: 'integer' })
  reassignedIn: number;

  @Column({ name: 'reassigned_out', type: 'integer' })
  reassignedOut: number;

  @Column({ name: 'last_position', type: 'bigint' })
  lastPosition: string;
}

/** Which agency answers for each task (projection `agency-scorecard`). */
@Entity({ name: 'agency_scorecard_tasks' })
export class ScorecardTaskEntity {
  @PrimaryColumn({ name: 'task_id', type: 'text' })
  taskId: string;

  @Column({ name: 'lead_agency', type: 'text' })
  leadAgency: string;

  @Column({ name: 'coordinating_agencies', type: 'text', array: true })
  coordinatingAgencies: string[];

  @Column({ type: 'text' })
  lifecycle: string;
}

/** Per plan, the time-free counters of its progress (projection `plan-progress`). */
@Entity({ name: 'plan_progress' })
export class PlanProgressEntity {
  @PrimaryColumn({ name: 'plan_id', type: 'text' })
  planId: string;

  @Column({ type: 'text', nullable: true })
  number: string | null;

  @Column({ type: 'text', nullable: true })
  title: string | null;

  @Column({ name: 'issuer_agency', type: 'text', nullable: true })
  issuerAgency: string | null;

  @Column({ name: 'monitoring_agency', type: 'text', nullable: true })
  monitoringAgency: string | null;

  @Column({ name: 'issued_on', type: 'date', nullable: true })
  issuedOn: string | null;

  @Column({ name: 'period_start', type: 'date', nullable: true })
  periodStart: string | null;

  @Column({ name: 'period_end', type: 'date', nullable: true })
  periodEnd: string | null;

  @Column({ name: 'tasks_total', type: 'integer' })
  tasksTotal: number;

  @Column({ name: 'tasks_active', type: 'integer' })
  tasksActive: number;

  @Column({ name: 'tasks_completed', type: 'integer' })
  tasksCompleted: number;

  @Column({ name: 'tasks_cancelled', type: 'integer' })
  tasksCancelled: number;

  @Column({ name: 'reports_submitted', type: 'integer' })
  reportsSubmitted: number;

  @Column({ name: 'reports_late', type: 'integer' })
  reportsLate: number;

  @Column({ name: 'reports_accepted', type: 'integer' })
  reportsAccepted: number;

  @Column({ name: 'reports_returned', type: 'integer' })
  reportsReturned: number;

  @Column({ type: 'integer' })
  reassignments: number;

  @Column({ name: 'last_activity_at', type: 'timestamptz', nullable: true })
  lastActivityAt: Date | null;

  @Column({ name: 'last_position', type: 'bigint' })
  lastPosition: string;
}

/** Which plan each task belongs to (projection `plan-progress`). */
@Entity({ name: 'plan_progress_tasks' })
export class PlanProgressTaskEntity {
  @PrimaryColumn({ name: 'task_id', type: 'text' })
  taskId: string;

  @Column({ name: 'plan_id', type: 'text' })
  planId: string;

  @Column({ type: 'text' })
  lifecycle: string;
}

/** Agency successions (projection `agency-scorecard`): whose work passed to whom, from when. */
@Entity({ name: 'agency_successions' })
export class AgencySuccessionEntity {
  @PrimaryColumn({ name: 'agency_code', type: 'text' })
  agencyCode: string;

  @Column({ name: 'successor_code', type: 'text' })
  successorCode: string;

  @Column({ name: 'effective_on', type: 'date' })
  effectiveOn: string;

  @Column({ name: 'effective_at', type: 'timestamptz' })
  effectiveAt: Date;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @Column({ name: 'last_position', type: 'bigint' })
  lastPosition: string;
}

/** The task board's copy of the calendar declarations (projection `task-board`), which its deadlines follow. */
@Entity({ name: 'task_board_calendar' })
export class TaskBoardCalendarEntity {
  @PrimaryColumn({ type: 'bigint' })
  position: string;

  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'text' })
  kind: 'day_off' | 'working_day';

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'declared_at', type: 'timestamptz' })
  declaredAt: Date;
}

export const READ_MODEL_ENTITIES: Function[] = [
  TaskBoardPlanEntity,
  TaskBoardEntity,
  ObligationEntity,
  TaskBoardCalendarEntity,
  AgencyScorecardEntity,
  ScorecardTaskEntity,
  AgencySuccessionEntity,
  PlanProgressEntity,
  PlanProgressTaskEntity,
];
