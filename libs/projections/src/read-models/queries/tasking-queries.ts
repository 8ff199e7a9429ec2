import { Pool } from 'pg';
import { STATUS_LABELS_VI, StatusClass } from '@dondoc/calendar';
import { Clock } from '@dondoc/platform';
import { AgencySuccessions, SuccessionLink } from '@dondoc/tasking/domain/agency-succession';
import { CheckpointWatcher, Consistency } from '../../engine/checkpoint-watcher';
import { AGENCY_SCORECARD_PROJECTION } from '../agency-scorecard/agency-scorecard.projection';
import { PLAN_PROGRESS_PROJECTION } from '../plan-progress/plan-progress.projection';
import { TASK_BOARD_PROJECTION } from '../task-board/task-board.projection';
import { obligationOverdueSql, obligationStatusSql, taskStatusSql } from './status-sql';

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface Paging {
  page?: number;
  pageSize?: number;
}

export interface TaskFilter extends Paging {
  planId?: string;
  /** Lead or coordinating agency, with the agencies whose work has passed to it by the query's time. */
  agency?: string;
  status?: StatusClass;
}

export interface ObligationFilter extends Paging {
  planId?: string;
  /** The agency that owes the report, with the agencies whose work has passed to it by the query's time. */
  agency?: string;
  overdue?: boolean;
}

export interface Read<T> {
  result: T;
  consistency: Consistency;
  /** The clock's time the status classes were computed for. */
  asOf: string;
}

export interface TaskView {
  taskId: string;
  planId: string;
  planNumber: string | null;
  title: string;
  /** The agency the task was given to (chủ trì), as recorded. */
  leadAgency: string;
  coordinatingAgencies: string[];
  /** The agency that answers for the task at the query's time: the lead agency, or its successor once a succession is effective. */
  shownAgency: string;
  /** The coordinating agencies as they stand at the query's time (successors; the shown lead left out). */
  shownCoordinatingAgencies: string[];
  sourceRef: string | null;
  dueDate: string | null;
  dueAt: string | null;
  reportingSchedule: unknown;
  assignedAt: string;
  status: StatusClass;
  statusLabel: string;
  lifecycle: string;
  completedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  nextDeadline: { periodId: string; dueAt: string; dueSoonAt: string } | null;
  lastReport: { reportId: string; periodId: string; submittedAt: string; status: string; late: boolean; progressPercent: number | null } | null;
  obligations: { total: number; satisfied: number; late: number };
  extensions: { pending: number; granted: number };
  reassignments: number;
  reminderCount: number;
  streamVersion: number;
}

export interface ObligationView {
  taskId: string;
  periodId: string;
  planId: string;
  /** The agency that owes the report, as recorded. */
  agency: string;
  /** The agency that answers for it at the query's time (its successor once a succession is effective). */
  shownAgency: string;
  taskTitle: string | null;
  nominalDate: string | null;
  dueDate: string | null;
  dueAt: string;
  originalDueAt: string;
  status: StatusClass;
  statusLabel: string;
  overdue: boolean;
  submittedAt: string | null;
  reportId: string | null;
  late: boolean | null;
  acceptedAt: string | null;
  returnedAt: string | null;
  returns: number;
  extension: { extensionId: string; status: string } | null;
}

export interface PeriodProgress {
  periodId: string;
  dueAt: string;
  expected: number;
  received: number;
  late: number;
  /** Per agency as it stands at the query's time; `originalAgencies` are the agencies the obligations were given to. */
  byAgency: { agency: string; originalAgencies: string[]; expected: number; received: number; late: number }[];
}

export interface PlanProgressView {
  planId: string;
  number: string | null;
  title: string | null;
  issuerAgency: string | null;
  monitoringAgency: string | null;
  issuedOn: string | null;
  period: { start: string | null; end: string | null };
  tasks: {
    total: number;
    active: number;
    completed: number;
    cancelled: number;
    byStatus: Record<StatusClass, number>;
  };
  /** Completed among the tasks not cancelled, in percent (null without such tasks). */
  completionPercent: number | null;
  reports: { submitted: number; late: number; accepted: number; returned: number; due: number; received: number };
  /** The reporting period whose deadline comes next, and the one that passed last. */
  currentPeriod: PeriodProgress | null;
  previousPeriod: PeriodProgress | null;
  lastActivityAt: string | null;
}

export interface ScorecardView {
  agencyCode: string;
  nameVi: string | null;
  level: string | null;
  kind: string | null;
  tasks: { lead: number; open: number; completed: number; cancelled: number; coordinating: number; overdue: number };
  reports: {
    submitted: number;
    late: number;
    accepted: number;
    returned: number;
    /** Obligations whose deadline has passed. */
    due: number;
    /** Of those, met (a report standing). */
    received: number;
    lateOpen: number;
    lateDone: number;
  };
  /** (late open + late done) / due, in percent; null when nothing is due yet. */
  lateRate: number | null;
  /** 100 − late rate. */
  onTimeRate: number | null;
  extensions: { requested: number; granted: number };
  reassignedIn: number;
  reassignedOut: number;
  /**
   * The agencies whose work has passed to this one by the query's time (their tasks, reports and
   * rates are counted here). Empty without a succession.
   */
  predecessors: string[];
  /** Set when the agency has ceased by the query's time: the figures are then its own, shown under `answeringAgency` elsewhere. */
  succeededBy: { successorCode: string; answeringAgency: string; effectiveOn: string } | null;
}

/** One plan in the list of plans. */
export interface PlanSummary {
  planId: string;
  number: string | null;
  title: string | null;
  issuedOn: string | null;
  tasksTotal: number;
  lastActivityAt: string | null;
}

/**
 * One agency's figures within one plan (the committee's ranking): the same definitions as the
 * scorecard, restricted to the plan's obligations. late rate = (late open + late done) / due.
 */
export interface PlanAgencyFigures {
  /** The agency as it stands at the query's time (a successor once a succession is effective). */
  agency: string;
  /** The agencies the plan's tasks and obligations were given to, counted in this row. */
  originalAgencies: string[];
  nameVi: string | null;
  /** Tasks of the plan the agency leads (chủ trì). */
  leadTasks: number;
  overdueTasks: number;
  /** Obligations whose deadline has passed, and of those the ones met. */
  due: number;
  received: number;
  lateOpen: number;
  lateDone: number;
  lateRate: number | null;
  onTimeRate: number | null;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
/** How long a query waits for `minPosition` before answering with what it has. */
export const MIN_POSITION_WAIT_MS = 5_000;

const TASK_STATUS = taskStatusSql('$1::timestamptz');
const OBLIGATION_STATUS = obligationStatusSql('$1::timestamptz');
const OBLIGATION_OVERDUE = obligationOverdueSql('$1::timestamptz');

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());
/** node-postgres turns a `date` into a Date at local midnight; give the calendar date back as written. */
const day = (value: Date | string | null): string | null => {
  if (value === null || typeof value === 'string') return value;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
};
const percent = (part: number, whole: number): number | null => (whole > 0 ? Math.round((1000 * part) / whole) / 10 : null);

function pageOf(paging: Paging): { page: number; pageSize: number; offset: number } {
  const page = Math.max(1, Math.floor(paging.page ?? 1));
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(paging.pageSize ?? DEFAULT_PAGE_SIZE)));
  return { page, pageSize, offset: (page - 1) * pageSize };
}

function emptyByStatus(): Record<StatusClass, number> {
  return { not_due: 0, due_soon: 0, overdue: 0, done_on_time: 0, done_late: 0, cancelled: 0 };
}

/**
 * The steering committee's questions, answered from the read models; every status class is
 * computed against the injected clock at the moment of the query.
 */
export class TaskingQueries {
  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
    private readonly watcher: CheckpointWatcher,
    private readonly waitMs: number = MIN_POSITION_WAIT_MS,
  ) {}

  async tasks(filter: TaskFilter, minPosition?: number | null): Promise<Read<Page<TaskView>>> {
    return this.read([TASK_BOARD_PROJECTION, AGENCY_SCORECARD_PROJECTION], minPosition, (now) => this.taskPage(filter, now));
  }

  async obligations(filter: ObligationFilter, minPosition?: number | null): Promise<Read<Page<ObligationView>>> {
    return this.read([TASK_BOARD_PROJECTION, AGENCY_SCORECARD_PROJECTION], minPosition, (now) => this.obligationPage(filter, now));
  }

  async planProgress(planId: string, minPosition?: number | null): Promise<Read<PlanProgressView | null>> {
    return this.read([PLAN_PROGRESS_PROJECTION, TASK_BOARD_PROJECTION, AGENCY_SCORECARD_PROJECTION], minPosition, (now) => this.plan(planId, now));
  }

  async scorecard(agencyCode: string, minPosition?: number | null): Promise<Read<ScorecardView | null>> {
    return this.read([AGENCY_SCORECARD_PROJECTION, TASK_BOARD_PROJECTION], minPosition, (now) => this.agency(agencyCode, now));
  }

  /** Plans, newest first (by issue date), paged. */
  async plans(paging: Paging, minPosition?: number | null): Promise<Read<Page<PlanSummary>>> {
    return this.read([PLAN_PROGRESS_PROJECTION], minPosition, async () => {
      const { page, pageSize, offset } = pageOf(paging);
      const [rows, count] = await Promise.all([
        this.pool.query<Record<string, any>>(
          `SELECT plan_id, number, title, issued_on, tasks_total, last_activity_at FROM plan_progress
            ORDER BY issued_on DESC NULLS LAST, plan_id LIMIT $1 OFFSET $2`,
          [pageSize, offset],
        ),
        this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM plan_progress'),
      ]);
      const items = rows.rows.map(
        (r): PlanSummary => ({
          planId: r.plan_id,
          number: r.number,
          title: r.title,
          issuedOn: day(r.issued_on),
          tasksTotal: Number(r.tasks_total),
          lastActivityAt: iso(r.last_activity_at),
        }),
      );
      return { items, page, pageSize, total: count.rows[0].n };
    });
  }

  /** Every agency that leads a task of the plan or owes it a report, with its figures in the plan. */
  async planAgencies(planId: string, minPosition?: number | null): Promise<Read<PlanAgencyFigures[]>> {
    return this.read([TASK_BOARD_PROJECTION, AGENCY_SCORECARD_PROJECTION], minPosition, async (now) => {
      const successions = await this.successionsAt(now);
      const rows = await this.pool.query<Record<string, any>>(
        `WITH o AS (
           SELECT o.agency,
                  count(*) FILTER (WHERE o.due_at <= $1)::int AS due,
                  count(*) FILTER (WHERE o.due_at <= $1 AND o.state = 'satisfied' AND o.submitted_at <= $1)::int AS received,
                  count(*) FILTER (WHERE ${OBLIGATION_OVERDUE})::int AS late_open,
                  count(*) FILTER (WHERE o.state = 'satisfied' AND o.submitted_at <= $1 AND o.submitted_at >= o.due_at)::int AS late_done
             FROM obligations o WHERE o.plan_id = $2 AND o.state <> 'cancelled' GROUP BY o.agency
         ), t AS (
           SELECT t.lead_agency AS agency, count(*)::int AS lead_tasks,
                  count(*) FILTER (WHERE ${TASK_STATUS} = 'overdue')::int AS overdue_tasks
             FROM task_board t WHERE t.plan_id = $2 GROUP BY t.lead_agency
         )
         SELECT coalesce(o.agency, t.agency) AS agency,
                coalesce(t.lead_tasks, 0) AS lead_tasks, coalesce(t.overdue_tasks, 0) AS overdue_tasks,
                coalesce(o.due, 0) AS due, coalesce(o.received, 0) AS received,
                coalesce(o.late_open, 0) AS late_open, coalesce(o.late_done, 0) AS late_done
           FROM o FULL JOIN t ON t.agency = o.agency
          ORDER BY 1`,
        [now.toISOString(), planId],
      );
      // Each recorded agency's figures go to the agency that answers for it now (the ranking shows
      // the successor, with every predecessor's tasks and reports), rates recomputed from the sums.
      type Sums = { originalAgencies: string[]; leadTasks: number; overdueTasks: number; due: number; received: number; lateOpen: number; lateDone: number };
      const shown = new Map<string, Sums>();
      for (const r of rows.rows) {
        const agency = successions.answering(r.agency);
        const sums = shown.get(agency) ?? { originalAgencies: [], leadTasks: 0, overdueTasks: 0, due: 0, received: 0, lateOpen: 0, lateDone: 0 };
        sums.originalAgencies.push(r.agency);
        sums.leadTasks += r.lead_tasks;
        sums.overdueTasks += r.overdue_tasks;
        sums.due += r.due;
        sums.received += r.received;
        sums.lateOpen += r.late_open;
        sums.lateDone += r.late_done;
        shown.set(agency, sums);
      }
      const names = await this.namesOf([...shown.keys()]);
      return [...shown.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([agency, sums]): PlanAgencyFigures => {
          const lateRate = percent(sums.lateOpen + sums.lateDone, sums.due);
          return {
            agency,
            originalAgencies: sums.originalAgencies.sort(),
            nameVi: names.get(agency) ?? null,
            leadTasks: sums.leadTasks,
            overdueTasks: sums.overdueTasks,
            due: sums.due,
            received: sums.received,
            lateOpen: sums.lateOpen,
            lateDone: sums.lateDone,
            lateRate,
            onTimeRate: lateRate === null ? null : Math.round((100 - lateRate) * 10) / 10,
          };
        });
    });
  }

  /**
   * Who answers for each agency at the clock's time: the successions effective by then and
   * recorded by then (agency_successions, projection `agency-scorecard`). For agency officers'
   * read scope; the queries below apply the same view to every row they show.
   */
  async successions(): Promise<AgencySuccessions> {
    return this.successionsAt(this.clock.now());
  }

  /**
   * The successions a query at `now` applies. Both times count: a succession shows its successor
   * from 00:00 of its effective day, and only once it was recorded — so that the audit's replay
   * of an earlier instant, which runs these queries with the clock set to it, answers what the
   * live query answered then, whatever was recorded later. The table is small; it is read whole.
   */
  private async successionsAt(now: Date): Promise<AgencySuccessions> {
    const at = now.toISOString();
    const rows = await this.pool.query<{ agency_code: string; successor_code: string; effective_on: string; effective_at: Date }>(
      `SELECT agency_code, successor_code, effective_on::text AS effective_on, effective_at
         FROM agency_successions WHERE effective_at <= $1 AND recorded_at <= $1`,
      [at],
    );
    if (rows.rows.length === 0) return AgencySuccessions.none;
    const links = rows.rows.map(
      (r): SuccessionLink => ({ code: r.agency_code, successorCode: r.successor_code, effectiveOn: r.effective_on, effectiveAt: iso(r.effective_at)! }),
    );
    return new AgencySuccessions(links, at);
  }

  private async namesOf(codes: string[]): Promise<Map<string, string | null>> {
    if (codes.length === 0) return new Map();
    const rows = await this.pool.query<{ agency_code: string; name_vi: string | null }>(
      'SELECT agency_code, name_vi FROM agency_scorecard WHERE agency_code = ANY($1::text[])',
      [codes],
    );
    return new Map(rows.rows.map((r) => [r.agency_code, r.name_vi]));
  }

  private async read<T>(names: string[], minPosition: number | null | undefined, query: (now: Date) => Promise<T>): Promise<Read<T>> {
    const consistency = await this.watcher.waitFor(names, minPosition, this.waitMs);
    const now = this.clock.now();
    return { result: await query(now), consistency, asOf: now.toISOString() };
  }

  private async taskPage(filter: TaskFilter, now: Date): Promise<Page<TaskView>> {
    const { page, pageSize, offset } = pageOf(filter);
    const successions = await this.successionsAt(now);
    const values: unknown[] = [now.toISOString()];
    const where: string[] = [];
    if (filter.planId) {
      values.push(filter.planId);
      where.push(`t.plan_id = $${values.length}`);
    }
    if (filter.agency) {
      values.push(successions.answersFor(filter.agency));
      where.push(`(t.lead_agency = ANY($${values.length}::text[]) OR t.coordinating_agencies && $${values.length}::text[])`);
    }
    const statusFilter = filter.status ? `WHERE s.status = $${values.push(filter.status)}` : '';
    values.push(pageSize, offset);
    const result = await this.pool.query<Record<string, unknown> & { total: number }>(
      `SELECT s.*, count(*) OVER () AS total FROM (
         SELECT t.*, ${TASK_STATUS} AS status FROM task_board t ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ) s ${statusFilter}
       ORDER BY s.open_due_at ASC NULLS LAST, s.task_id
       LIMIT $${values.length - 1} OFFSET $${values.length}`,
      values,
    );
    const total = result.rows.length
      ? Number(result.rows[0].total)
      : Number(
          (
            await this.pool.query<{ n: number }>(
              `SELECT count(*)::bigint AS n FROM (SELECT ${TASK_STATUS} AS status FROM task_board t
                 ${where.length ? `WHERE ${where.join(' AND ')}` : ''}) s ${statusFilter}`,
              values.slice(0, values.length - 2),
            )
          ).rows[0].n,
        );
    return { items: result.rows.map((r) => toTaskView(r, successions)), page, pageSize, total };
  }

  private async obligationPage(filter: ObligationFilter, now: Date): Promise<Page<ObligationView>> {
    const { page, pageSize, offset } = pageOf(filter);
    const successions = await this.successionsAt(now);
    const values: unknown[] = [now.toISOString()];
    const where: string[] = [];
    if (filter.planId) where.push(`o.plan_id = $${values.push(filter.planId)}`);
    if (filter.agency) where.push(`o.agency = ANY($${values.push(successions.answersFor(filter.agency))}::text[])`);
    if (filter.overdue === true) where.push(OBLIGATION_OVERDUE);
    if (filter.overdue === false) where.push(`NOT ${OBLIGATION_OVERDUE}`);
    const conditions = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const countValues = [...values];
    values.push(pageSize, offset);
    const [rows, count] = await Promise.all([
      this.pool.query<Record<string, unknown>>(
        `SELECT o.*, t.title AS task_title, ${OBLIGATION_STATUS} AS status, ${OBLIGATION_OVERDUE} AS overdue
           FROM obligations o LEFT JOIN task_board t ON t.task_id = o.task_id
           ${conditions}
          ORDER BY o.due_at, o.task_id, o.period_id
          LIMIT $${values.length - 1} OFFSET $${values.length}`,
        values,
      ),
      // $1 (now) is referenced only by the overdue filter; keep it typed when it is not.
      this.pool.query<{ n: number }>(
        `SELECT count(*)::bigint AS n FROM obligations o ${conditions ? `${conditions} AND` : 'WHERE'} $1::timestamptz IS NOT NULL`,
        countValues,
      ),
    ]);
    return { items: rows.rows.map((r) => toObligationView(r, successions)), page, pageSize, total: Number(count.rows[0].n) };
  }

  private async plan(planId: string, now: Date): Promise<PlanProgressView | null> {
    const at = now.toISOString();
    const [planRows, statusRows, reportRows] = await Promise.all([
      this.pool.query<Record<string, any>>('SELECT * FROM plan_progress WHERE plan_id = $1', [planId]),
      this.pool.query<{ status: StatusClass; n: number }>(
        `SELECT ${TASK_STATUS} AS status, count(*)::int AS n FROM task_board t WHERE t.plan_id = $2 GROUP BY 1`,
        [at, planId],
      ),
      this.pool.query<{ due: number; received: number }>(
        `SELECT count(*) FILTER (WHERE o.due_at <= $1)::int AS due,
                count(*) FILTER (WHERE o.due_at <= $1 AND o.state = 'satisfied' AND o.submitted_at <= $1)::int AS received
           FROM obligations o WHERE o.plan_id = $2 AND o.state <> 'cancelled'`,
        [at, planId],
      ),
    ]);
    const row = planRows.rows[0];
    if (!row) return null;
    const byStatus = emptyByStatus();
    for (const s of statusRows.rows) byStatus[s.status] = Number(s.n);
    const successions = await this.successionsAt(now);
    const [currentPeriod, previousPeriod] = await Promise.all([
      this.period(planId, at, 'next', successions),
      this.period(planId, at, 'last', successions),
    ]);
    const total = Number(row.tasks_total);
    const cancelled = Number(row.tasks_cancelled);
    return {
      planId: row.plan_id,
      number: row.number,
      title: row.title,
      issuerAgency: row.issuer_agency,
      monitoringAgency: row.monitoring_agency,
      issuedOn: day(row.issued_on),
      period: { start: day(row.period_start), end: day(row.period_end) },
      tasks: {
        total,
        active: Number(row.tasks_active),
        completed: Number(row.tasks_completed),
        cancelled,
        byStatus,
      },
      completionPercent: percent(Number(row.tasks_completed), total - cancelled),
      reports: {
        submitted: Number(row.reports_submitted),
        late: Number(row.reports_late),
        accepted: Number(row.reports_accepted),
        returned: Number(row.reports_returned),
        due: Number(reportRows.rows[0].due),
        received: Number(reportRows.rows[0].received),
      },
      currentPeriod,
      previousPeriod,
      lastActivityAt: iso(row.last_activity_at),
    };
  }

  /** Reports expected and received per agency for the plan's next (or last passed) reporting deadline. */
  private async period(planId: string, at: string, which: 'next' | 'last', successions: AgencySuccessions): Promise<PeriodProgress | null> {
    const pick =
      which === 'next'
        ? `SELECT period_id, due_at FROM obligations WHERE plan_id = $1 AND period_id <> 'due' AND state <> 'cancelled' AND due_at > $2
            ORDER BY due_at, period_id LIMIT 1`
        : `SELECT period_id, due_at FROM obligations WHERE plan_id = $1 AND period_id <> 'due' AND state <> 'cancelled' AND due_at <= $2
            ORDER BY due_at DESC, period_id LIMIT 1`;
    const chosen = (await this.pool.query<{ period_id: string; due_at: Date }>(pick, [planId, at])).rows[0];
    if (!chosen) return null;
    const rows = await this.pool.query<{ agency: string; expected: number; received: number; late: number }>(
      `SELECT o.agency, count(*)::int AS expected,
              count(*) FILTER (WHERE o.state = 'satisfied' AND o.submitted_at <= $3)::int AS received,
              count(*) FILTER (WHERE o.state = 'satisfied' AND o.submitted_at <= $3 AND o.submitted_at >= o.due_at)::int AS late
         FROM obligations o
        WHERE o.plan_id = $1 AND o.period_id = $2 AND o.state <> 'cancelled'
        GROUP BY o.agency ORDER BY o.agency`,
      [planId, chosen.period_id, at],
    );
    // Per agency as it stands at `at`: a predecessor's obligations count under its successor.
    const shown = new Map<string, PeriodProgress['byAgency'][number]>();
    for (const r of rows.rows) {
      const agency = successions.answering(r.agency);
      const row = shown.get(agency) ?? { agency, originalAgencies: [], expected: 0, received: 0, late: 0 };
      row.originalAgencies.push(r.agency);
      row.expected += r.expected;
      row.received += r.received;
      row.late += r.late;
      shown.set(agency, row);
    }
    const byAgency = [...shown.values()].sort((a, b) => (a.agency < b.agency ? -1 : a.agency > b.agency ? 1 : 0));
    const sum = (key: 'expected' | 'received' | 'late') => byAgency.reduce((n, r) => n + r[key], 0);
    return {
      periodId: chosen.period_id,
      dueAt: new Date(chosen.due_at).toISOString(),
      expected: sum('expected'),
      received: sum('received'),
      late: sum('late'),
      byAgency,
    };
  }

  /**
   * An agency's figures at `now`: its own and, once their successions are effective, those of
   * every agency whose work passed to it (the time-free counters summed over their rows, the
   * obligations and overdue tasks selected by their codes). A ceased agency's card shows its own
   * figures and says who answers for it now.
   */
  private async agency(code: string, now: Date): Promise<ScorecardView | null> {
    const at = now.toISOString();
    const successions = await this.successionsAt(now);
    const codes = successions.answersFor(code);
    const [cardRows, obligationRows, overdueRows] = await Promise.all([
      this.pool.query<Record<string, any>>('SELECT * FROM agency_scorecard WHERE agency_code = ANY($1::text[])', [codes]),
      this.pool.query<{ total: number; due: number; received: number; late_open: number; late_done: number }>(
        `SELECT count(*)::int AS total,
                count(*) FILTER (WHERE o.due_at <= $1)::int AS due,
                count(*) FILTER (WHERE o.due_at <= $1 AND o.state = 'satisfied' AND o.submitted_at <= $1)::int AS received,
                count(*) FILTER (WHERE ${OBLIGATION_OVERDUE})::int AS late_open,
                count(*) FILTER (WHERE o.state = 'satisfied' AND o.submitted_at <= $1 AND o.submitted_at >= o.due_at)::int AS late_done
           FROM obligations o WHERE o.agency = ANY($2::text[]) AND o.state <> 'cancelled'`,
        [at, codes],
      ),
      this.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM task_board t WHERE t.lead_agency = ANY($2::text[]) AND ${TASK_STATUS} = 'overdue'`,
        [at, codes],
      ),
    ]);
    const card = cardRows.rows.find((r) => r.agency_code === code);
    const o = obligationRows.rows[0];
    if (!card && Number(o.total) === 0) return null;
    const n = (key: string) => cardRows.rows.reduce((sum, r) => sum + Number(r[key] ?? 0), 0);
    const ceased = successions.ceased(code);
    const lateRate = percent(o.late_open + o.late_done, o.due);
    return {
      agencyCode: code,
      nameVi: card?.name_vi ?? null,
      level: card?.level ?? null,
      kind: card?.kind ?? null,
      tasks: {
        lead: n('tasks_lead'),
        open: n('tasks_open'),
        completed: n('tasks_completed'),
        cancelled: n('tasks_cancelled'),
        coordinating: n('tasks_coordinating'),
        overdue: Number(overdueRows.rows[0].n),
      },
      reports: {
        submitted: n('reports_submitted'),
        late: n('reports_late'),
        accepted: n('reports_accepted'),
        returned: n('reports_returned'),
        due: o.due,
        received: o.received,
        lateOpen: o.late_open,
        lateDone: o.late_done,
      },
      lateRate,
      onTimeRate: lateRate === null ? null : Math.round((100 - lateRate) * 10) / 10,
      extensions: { requested: n('extensions_requested'), granted: n('extensions_granted') },
      reassignedIn: n('reassigned_in'),
      reassignedOut: n('reassigned_out'),
      predecessors: codes.slice(1),
      succeededBy: ceased
        ? { successorCode: ceased.successorCode, answeringAgency: successions.answering(code), effectiveOn: ceased.effectiveOn }
        : null,
    };
  }
}

function toTaskView(r: Record<string, any>, successions: AgencySuccessions): TaskView {
  const status = r.status as StatusClass;
  const shownAgency = successions.answering(r.lead_agency);
  const coordinating: string[] = r.coordinating_agencies ?? [];
  return {
    taskId: r.task_id,
    planId: r.plan_id,
    planNumber: r.plan_number,
    title: r.title,
    leadAgency: r.lead_agency,
    coordinatingAgencies: coordinating,
    shownAgency,
    shownCoordinatingAgencies: [...new Set(coordinating.map((c) => successions.answering(c)))].filter((c) => c !== shownAgency),
    sourceRef: r.source_ref,
    dueDate: day(r.due_date),
    dueAt: iso(r.due_at),
    reportingSchedule: r.reporting_schedule,
    assignedAt: iso(r.assigned_at)!,
    status,
    statusLabel: STATUS_LABELS_VI[status],
    lifecycle: r.lifecycle,
    completedAt: iso(r.completed_at),
    cancelledAt: iso(r.cancelled_at),
    cancelReason: r.cancel_reason,
    nextDeadline: r.open_period_id ? { periodId: r.open_period_id, dueAt: iso(r.open_due_at)!, dueSoonAt: iso(r.open_due_soon_at)! } : null,
    lastReport: r.last_report_id
      ? {
          reportId: r.last_report_id,
          periodId: r.last_report_period_id,
          submittedAt: iso(r.last_report_at)!,
          status: r.last_report_status,
          late: r.last_report_late === true,
          progressPercent: r.last_progress_percent,
        }
      : null,
    obligations: { total: r.obligations_total, satisfied: r.obligations_satisfied, late: r.obligations_late },
    extensions: { pending: r.extensions_pending, granted: r.extensions_granted },
    reassignments: r.reassignments,
    reminderCount: r.reminder_count,
    streamVersion: r.stream_version,
  };
}

function toObligationView(r: Record<string, any>, successions: AgencySuccessions): ObligationView {
  const status = r.status as StatusClass;
  return {
    taskId: r.task_id,
    periodId: r.period_id,
    planId: r.plan_id,
    agency: r.agency,
    shownAgency: successions.answering(r.agency),
    taskTitle: r.task_title ?? null,
    nominalDate: day(r.nominal_date),
    dueDate: day(r.due_date),
    dueAt: iso(r.due_at)!,
    originalDueAt: iso(r.original_due_at)!,
    status,
    statusLabel: STATUS_LABELS_VI[status],
    overdue: r.overdue === true,
    submittedAt: iso(r.submitted_at),
    reportId: r.report_id,
    late: r.late,
    acceptedAt: iso(r.accepted_at),
    returnedAt: iso(r.returned_at),
    returns: r.returns,
    extension: r.extension_id ? { extensionId: r.extension_id, status: r.extension_status } : null,
  };
}
