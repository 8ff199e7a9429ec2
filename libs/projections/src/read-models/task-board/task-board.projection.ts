import { dueSoonFrom, vietnamCalendar, WorkingCalendar } from '@dondoc/calendar';
import { PlanEventType, PlanIssued } from '@dondoc/tasking/domain/plan.events';
import { DUE_PERIOD_ID } from '@dondoc/tasking/domain/task.commands';
import { TaskEvent, TaskEventType } from '@dondoc/tasking/domain/task.events';
import { assertNever } from '@dondoc/event-store';
import { FollowUpEventType, FollowUpSent, ObligationEscalated, ReminderSent } from '@dondoc/follow-up/domain/follow-up.events';
import { ProjectedEvent, Projection, ProjectionTables } from '../../engine/projection';
import { TableBuffer } from '../../engine/table-buffer';
import { rememberedDemandedObligations } from '../task-obligations';
import { OBLIGATIONS, ObligationRow, TASK_BOARD, TASK_BOARD_PLANS, TaskBoardPlanRow, TaskBoardRow } from './task-board.tables';

/** Persisted name (checkpoint row, CLI argument): never rename. */
export const TASK_BOARD_PROJECTION = 'task-board';

/** Messages to a task's lead agency (reminders, escalations, đôn đốc): the board counts them. */
type TaskMessageEvent = ReminderSent | ObligationEscalated | FollowUpSent;
const TASK_MESSAGE_TYPES: ReadonlySet<string> = new Set([
  FollowUpEventType.ReminderSent,
  FollowUpEventType.ObligationEscalated,
  FollowUpEventType.FollowUpSent,
]);

type TaskBoardEvent = TaskEvent | PlanIssued | TaskMessageEvent;
const isTaskMessage = (event: TaskBoardEvent): event is TaskMessageEvent => TASK_MESSAGE_TYPES.has(event.type);

export interface TaskBoardRows {
  plans: TableBuffer<TaskBoardPlanRow>;
  tasks: TableBuffer<TaskBoardRow>;
  obligations: TableBuffer<ObligationRow>;
}

/** Normalises an instant to `toISOString()` form; most already are (event data), so skip the Date round trip for them. */
const iso = (instant: string): string =>
  instant.length === 24 && instant.charCodeAt(23) === 90 /* Z */ && instant.charCodeAt(10) === 84 /* T */ ? instant : new Date(instant).toISOString();
const ms = (instant: string | null): number => (instant === null ? NaN : Date.parse(instant));

/**
 * The task board and the obligations (task × period) of every task: the facts from which the
 * status classes are computed at query time against the clock (so a task becomes overdue when
 * its deadline passes, with no event).
 */
export function createTaskBoardProjection(calendar: WorkingCalendar = vietnamCalendar()): Projection {
  return {
    name: TASK_BOARD_PROJECTION,
    tables: [TASK_BOARD, OBLIGATIONS, TASK_BOARD_PLANS],
    eventTypes: new Set<string>([PlanEventType.PlanIssued, ...Object.values(TaskEventType), ...TASK_MESSAGE_TYPES]),
    async apply(events: readonly ProjectedEvent[], tables: ProjectionTables): Promise<void> {
      const rows: TaskBoardRows = {
        plans: tables.table(TASK_BOARD_PLANS),
        tasks: tables.table(TASK_BOARD),
        obligations: tables.table(OBLIGATIONS),
      };
      const planIds = new Set<string>();
      const taskIds = new Set<string>();
      for (const event of events) {
        const e = event as unknown as TaskBoardEvent;
        if (e.type === PlanEventType.PlanIssued) planIds.add(e.data.planId);
        else {
          taskIds.add(e.data.taskId);
          if (e.type === TaskEventType.TaskAssigned) planIds.add(e.data.planId);
        }
      }
      await rows.plans.load([...planIds].map((plan_id) => ({ plan_id })));
      await rows.tasks.load([...taskIds].map((task_id) => ({ task_id })));
      await rows.obligations.loadGroups('task_id', [...taskIds]);
      // Each task's summary (earliest open deadline, last one met, counts) is worked out once
      // per batch, after all of its events, rather than after each one.
      const touched = new Set<string>();
      for (const event of events) evolveTaskBoard(rows, event, calendar, touched);
      for (const taskId of touched) summarizeTask(rows, taskId);
    },
  };
}

/**
 * Applies one event to the loaded rows. With `touched`, the task's summary is left for
 * `summarizeTask` (the caller runs it for every task in the set); without, it is done at once.
 */
export function evolveTaskBoard(rows: TaskBoardRows, recorded: ProjectedEvent, calendar: WorkingCalendar, touched?: Set<string>): void {
  const putTask = (task: TaskBoardRow) => {
    rows.tasks.put(task);
    if (touched) touched.add(task.task_id);
    else summarizeTask(rows, task.task_id);
  };
  const event = recorded as unknown as TaskBoardEvent;
  const position = recorded.globalPosition;
  if (event.type === PlanEventType.PlanIssued) {
    const d = event.data;
    rows.plans.put({
      plan_id: d.planId,
      number: d.number,
      title: d.title,
      period_start: d.period.start,
      period_end: d.period.end,
      issued_at: iso(d.issuedAt),
    });
    return;
  }
  if (isTaskMessage(event)) {
    const task = rows.tasks.get({ task_id: event.data.taskId });
    // The count only: a message changes no deadline, so the summary need not be worked out again.
    if (task) rows.tasks.put({ ...task, reminder_count: task.reminder_count + 1, last_position: position });
    return;
  }
  if (event.type === TaskEventType.TaskAssigned) {
    const d = event.data;
    if (rows.tasks.get({ task_id: d.taskId })) return; // assigned once; the decider refuses a second time
    const plan = rows.plans.get({ plan_id: d.planId });
    const demanded = rememberedDemandedObligations(plan ? { start: plan.period_start, end: plan.period_end } : null, d, calendar);
    for (const o of demanded) {
      rows.obligations.put({
        task_id: d.taskId,
        period_id: o.periodId,
        plan_id: d.planId,
        agency: d.leadAgency,
        nominal_date: o.nominalDate,
        original_due_at: o.dueAt,
        due_date: o.dueDate,
        due_at: o.dueAt,
        due_soon_at: o.dueSoonAt,
        state: 'open',
        submitted_at: null,
        report_id: null,
        late: null,
        accepted_at: null,
        returned_at: null,
        returns: 0,
        extension_id: null,
        extension_status: null,
        last_position: position,
      });
    }
    const task: TaskBoardRow = {
      task_id: d.taskId,
      plan_id: d.planId,
      plan_number: plan?.number ?? null,
      title: d.title,
      lead_agency: d.leadAgency,
      coordinating_agencies: [...d.coordinatingAgencies],
      source_ref: d.sourceRef,
      due_date: d.dueDate,
      due_at: demanded.find((o) => o.periodId === DUE_PERIOD_ID)?.dueAt ?? null,
      reporting_schedule: d.reportingSchedule,
      assigned_at: iso(d.assignedAt),
      lifecycle: 'active',
      completed_at: null,
      completed_late: null,
      cancelled_at: null,
      cancel_reason: null,
      obligations_total: 0,
      obligations_satisfied: 0,
      obligations_late: 0,
      open_period_id: null,
      open_due_at: null,
      open_due_soon_at: null,
      last_satisfied_at: null,
      last_satisfied_late: null,
      last_report_id: null,
      last_report_period_id: null,
      last_report_at: null,
      last_report_status: null,
      last_report_late: null,
      last_progress_percent: null,
      extensions_pending: 0,
      extensions_granted: 0,
      reassignments: 0,
      reminder_count: 0,
      stream_version: recorded.streamVersion,
      last_position: position,
    };
    putTask(task);
    return;
  }

  const current = rows.tasks.get({ task_id: event.data.taskId });
  if (!current) return; // an event of a task never assigned: nothing to show
  const task: TaskBoardRow = { ...current, stream_version: recorded.streamVersion, last_position: position };
  const obligation = (periodId: string) => rows.obligations.get({ task_id: task.task_id, period_id: periodId });
  const putObligation = (row: ObligationRow) => rows.obligations.put({ ...row, last_position: position });

  switch (event.type) {
    case TaskEventType.ReportSubmitted: {
      const d = event.data;
      const existing =
        obligation(d.periodId) ??
        // A period the handler knew and this board did not (e.g. a plan without a stated end):
        // record it from the report's own deadline rather than lose the report.
        openObligation(task, d.periodId, iso(d.dueAt), calendar, position);
      putObligation({
        ...existing,
        state: 'satisfied',
        submitted_at: iso(d.submittedAt),
        report_id: d.reportId,
        late: d.late,
        accepted_at: null,
        extension_id: d.extensionId ?? existing.extension_id,
      });
      Object.assign(task, {
        last_report_id: d.reportId,
        last_report_period_id: d.periodId,
        last_report_at: iso(d.submittedAt),
        last_report_status: 'submitted',
        last_report_late: d.late,
        last_progress_percent: d.progressPercent,
      });
      break;
    }
    case TaskEventType.ReportAccepted: {
      const d = event.data;
      const existing = obligation(d.periodId);
      if (existing && existing.report_id === d.reportId) putObligation({ ...existing, accepted_at: iso(d.acceptedAt) });
      if (task.last_report_id === d.reportId) task.last_report_status = 'accepted';
      break;
    }
    case TaskEventType.ReportReturned: {
      const d = event.data;
      const existing = obligation(d.periodId);
      // A returned report reopens its period: the agency reports again.
      if (existing && existing.report_id === d.reportId) {
        putObligation({
          ...existing,
          state: task.lifecycle === 'active' ? 'open' : existing.state,
          submitted_at: null,
          report_id: null,
          late: null,
          accepted_at: null,
          returned_at: iso(d.returnedAt),
          returns: existing.returns + 1,
        });
      }
      if (task.last_report_id === d.reportId) task.last_report_status = 'returned';
      break;
    }
    case TaskEventType.ExtensionRequested: {
      const d = event.data;
      const existing = obligation(d.periodId);
      if (existing) putObligation({ ...existing, extension_id: d.extensionId, extension_status: 'requested' });
      task.extensions_pending++;
      break;
    }
    case TaskEventType.ExtensionGranted: {
      const d = event.data;
      const existing = obligation(d.periodId) ?? openObligation(task, d.periodId, iso(d.newDueAt), calendar, position);
      putObligation({
        ...existing,
        due_date: d.newDueDate,
        due_at: iso(d.newDueAt),
        due_soon_at: dueSoonFrom(d.newDueAt, calendar),
        extension_id: d.extensionId,
        extension_status: 'granted',
      });
      if (d.periodId === DUE_PERIOD_ID) task.due_at = iso(d.newDueAt);
      task.extensions_pending = Math.max(0, task.extensions_pending - 1);
      task.extensions_granted++;
      break;
    }
    case TaskEventType.ExtensionRefused: {
      const d = event.data;
      const existing = obligation(d.periodId);
      if (existing && existing.extension_id === d.extensionId) putObligation({ ...existing, extension_status: 'refused' });
      task.extensions_pending = Math.max(0, task.extensions_pending - 1);
      break;
    }
    case TaskEventType.TaskReassigned: {
      const d = event.data;
      task.lead_agency = d.newLeadAgency;
      task.coordinating_agencies = task.coordinating_agencies.filter((code) => code !== d.newLeadAgency);
      task.reassignments++;
      // What is still owed is owed by the new lead agency; what was met stays with who met it.
      for (const row of rows.obligations.group('task_id', task.task_id)) {
        if (row.state === 'open') putObligation({ ...row, agency: d.newLeadAgency });
      }
      break;
    }
    case TaskEventType.TaskCompleted: {
      const d = event.data;
      const completedAt = iso(d.completedAt);
      for (const row of rows.obligations.group('task_id', task.task_id)) {
        if (row.state !== 'open') continue;
        if (row.period_id === DUE_PERIOD_ID) {
          // Completing the task meets its due date.
          putObligation({ ...row, state: 'satisfied', submitted_at: completedAt, late: ms(completedAt) >= ms(row.due_at) });
        } else if (ms(row.due_at) > ms(completedAt)) {
          rows.obligations.delete(row); // a period after completion is no longer demanded
        } else {
          putObligation({ ...row, state: 'missed' });
        }
      }
      const remaining = rows.obligations.group('task_id', task.task_id);
      task.lifecycle = 'completed';
      task.completed_at = completedAt;
      task.completed_late = remaining.some((o) => o.state === 'missed' || (o.state === 'satisfied' && o.late === true));
      break;
    }
    case TaskEventType.TaskCancelled: {
      const d = event.data;
      for (const row of rows.obligations.group('task_id', task.task_id)) {
        if (row.state === 'open') putObligation({ ...row, state: 'cancelled' });
      }
      task.lifecycle = 'cancelled';
      task.cancelled_at = iso(d.cancelledAt);
      task.cancel_reason = d.reason;
      break;
    }
    default:
      assertNever(event, 'task event');
  }
  putTask(task);
}

function openObligation(task: TaskBoardRow, periodId: string, dueAt: string, calendar: WorkingCalendar, position: number): ObligationRow {
  return {
    task_id: task.task_id,
    period_id: periodId,
    plan_id: task.plan_id,
    agency: task.lead_agency,
    nominal_date: null,
    original_due_at: dueAt,
    due_date: null,
    due_at: dueAt,
    due_soon_at: dueSoonFrom(dueAt, calendar),
    state: 'open',
    submitted_at: null,
    report_id: null,
    late: null,
    accepted_at: null,
    returned_at: null,
    returns: 0,
    extension_id: null,
    extension_status: null,
    last_position: position,
  };
}

/** Writes the task with the summary of its obligations (earliest open one, last one met, counts). */
export function summarizeTask(rows: TaskBoardRows, taskId: string): void {
  const task = rows.tasks.get({ task_id: taskId });
  if (!task) return;
  // One pass, no sort: this runs for every task a batch touches (and over every task in a rebuild).
  let total = 0;
  let satisfied = 0;
  let late = 0;
  let open: ObligationRow | null = null;
  let openDue = Infinity;
  let lastMet: ObligationRow | null = null;
  let lastMetAt = -Infinity;
  let lastMetDue = -Infinity;
  for (const o of rows.obligations.group('task_id', task.task_id)) {
    if (o.state === 'cancelled') continue;
    total++;
    if (o.state === 'missed') late++;
    else if (o.state === 'satisfied') {
      satisfied++;
      if (o.late === true) late++;
      const at = ms(o.submitted_at);
      const due = ms(o.due_at);
      // The most recently met; between two met at once, the one with the later deadline.
      if (lastMet === null || at > lastMetAt || (at === lastMetAt && due > lastMetDue)) {
        lastMet = o;
        lastMetAt = at;
        lastMetDue = due;
      }
    } else if (o.state === 'open') {
      const due = ms(o.due_at);
      // The earliest open deadline; on a tie, the lowest period id (group() is in key order).
      if (open === null || due < openDue) {
        open = o;
        openDue = due;
      }
    }
  }
  rows.tasks.put({
    ...task,
    obligations_total: total,
    obligations_satisfied: satisfied,
    obligations_late: late,
    open_period_id: open?.period_id ?? null,
    open_due_at: open ? iso(open.due_at) : null,
    open_due_soon_at: open ? iso(open.due_soon_at) : null,
    last_satisfied_at: lastMet?.submitted_at ? iso(lastMet.submitted_at) : null,
    last_satisfied_late: lastMet ? lastMet.late : null,
  });
}
