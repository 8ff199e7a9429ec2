import {
  CalendarAmendment,
  CalendarDeclaration,
  calendarOfAmendments,
  DEFAULT_DUE_SOON_WORKING_DAYS,
  deadlineFor,
  dueSoonFrom,
  isCalendarDeclaration,
  LocalDate,
  vietnamCalendar,
  WorkingCalendar,
} from '@dondoc/calendar';
import { addDays, localDateOf } from '@dondoc/calendar/local-date';
import { PlanEventType, PlanIssued } from '@dondoc/tasking/domain/plan.events';
import { DUE_PERIOD_ID } from '@dondoc/tasking/domain/task.commands';
import { TaskEvent, TaskEventType } from '@dondoc/tasking/domain/task.events';
import { assertNever } from '@dondoc/event-store/decider/decider';
import { FollowUpEventType, FollowUpSent, ObligationEscalated, ReminderSent } from '@dondoc/follow-up/domain/follow-up.events';
import { ProjectedEvent, Projection, ProjectionTables } from '../../engine/projection';
import { TableBuffer } from '../../engine/table-buffer';
import { lenientInstantMs } from '../instant-ms';
import { rememberedDemandedObligations } from '../task-obligations';
import {
  OBLIGATIONS,
  ObligationRow,
  TASK_BOARD,
  TASK_BOARD_CALENDAR,
  TASK_BOARD_PLANS,
  TaskBoardCalendarRow,
  TaskBoardPlanRow,
  TaskBoardRow,
} from './task-board.tables';

/** Persisted name (checkpoint row, CLI argument): never rename. */
export const TASK_BOARD_PROJECTION = 'task-board';

/** Messages to a task's lead agency (reminders, escalations, đôn đốc): the board counts them. */
type TaskMessageEvent = ReminderSent | ObligationEscalated | FollowUpSent;
const TASK_MESSAGE_TYPES: ReadonlySet<string> = new Set([
  FollowUpEventType.ReminderSent,
  FollowUpEventType.ObligationEscalated,
  FollowUpEventType.FollowUpSent,
]);

type TaskBoardEvent = TaskEvent | PlanIssued | TaskMessageEvent | CalendarDeclaration;
const isTaskMessage = (event: TaskBoardEvent): event is TaskMessageEvent => TASK_MESSAGE_TYPES.has(event.type);

/** Events whose deadlines need the calendar in a batch (a ReportSubmitted only for a period the board lacks). */
const CALENDAR_USERS: ReadonlySet<string> = new Set([TaskEventType.TaskAssigned, TaskEventType.ExtensionGranted]);

export interface TaskBoardRows {
  plans: TableBuffer<TaskBoardPlanRow>;
  tasks: TableBuffer<TaskBoardRow>;
  obligations: TableBuffer<ObligationRow>;
  calendar: TableBuffer<TaskBoardCalendarRow>;
}

/** Normalises an instant to `toISOString()` form; most already are (event data), so skip the Date round trip for them. */
const iso = (instant: string): string =>
  instant.length === 24 && instant.charCodeAt(23) === 90 /* Z */ && instant.charCodeAt(10) === 84 /* T */ ? instant : new Date(instant).toISOString();
const ms = lenientInstantMs;

/**
 * The calendar the board's deadlines are on, as the batch goes: the official data and the
 * declarations applied so far (in global order). Calendars are kept per set of declarations, so
 * that the deadlines they remember (rememberedDemandedObligations) serve every batch after.
 */
export class BoardCalendar {
  private declared: TaskBoardCalendarRow[] = [];
  private calendar: WorkingCalendar;

  constructor(
    private readonly official: WorkingCalendar,
    private readonly cache: Map<string, WorkingCalendar> = new Map(),
    private loaded = true,
  ) {
    this.calendar = official;
  }

  /** Starts from the declarations in the board's table (every one before this batch), or from none when not loaded. */
  static from(official: WorkingCalendar, cache: Map<string, WorkingCalendar>, rows: readonly TaskBoardCalendarRow[] | null): BoardCalendar {
    const board = new BoardCalendar(official, cache, rows !== null);
    if (rows?.length) {
      board.declared = [...rows];
      board.calendar = board.calendarOfDeclared();
    }
    return board;
  }

  get current(): WorkingCalendar {
    // The batch decided beforehand whether it needs the calendar; reading one it did not load
    // would decide with the declarations missing.
    if (!this.loaded) throw new Error('task-board: the calendar was not loaded for this batch');
    return this.calendar;
  }

  knows(position: number): boolean {
    return this.declared.some((row) => Number(row.position) === position);
  }

  declare(row: TaskBoardCalendarRow): void {
    this.declared.push(row);
    this.calendar = this.calendarOfDeclared();
  }

  private calendarOfDeclared(): WorkingCalendar {
    const key = this.declared.map((r) => Number(r.position)).join(',');
    let calendar = this.cache.get(key);
    if (!calendar) {
      // The shared fold (@dondoc/calendar): the calendar tasking and the reminders use too.
      calendar = calendarOfAmendments(this.declared.map(amendmentOfRow), null, this.official);
      if (this.cache.size >= MAX_CACHED_CALENDARS) this.cache.clear();
      this.cache.set(key, calendar);
    }
    return calendar;
  }

  fork(): BoardCalendar {
    return BoardCalendar.from(this.official, this.cache, this.loaded ? this.declared : null);
  }
}

const MAX_CACHED_CALENDARS = 32;

const amendmentOfRow = (row: TaskBoardCalendarRow): CalendarAmendment => ({
  date: row.date,
  kind: row.kind,
  reason: row.reason,
  effectiveFrom: iso(row.declared_at),
});

function calendarRowOf(event: CalendarDeclaration, position: number): TaskBoardCalendarRow {
  return {
    position,
    date: event.data.date,
    kind: event.type === 'DayOffDeclared' ? 'day_off' : 'working_day',
    reason: event.data.reason,
    declared_at: iso(event.data.declaredAt),
  };
}

/**
 * The due dates whose open obligations a declaration of `date` may change: the deadline itself
 * (a day off on the due date moves it on; a working day among the days off before it brings it
 * back to that day, the first working day after `date` on the calendar before) and the "due
 * soon" mark (the due date within a few working days after `date`, on either calendar).
 */
function dueDatesAffectedBy(date: LocalDate, before: WorkingCalendar, after: WorkingCalendar): LocalDate[] {
  const reach = DEFAULT_DUE_SOON_WORKING_DAYS + 1;
  const last = [before.addWorkingDays(date, reach), after.addWorkingDays(date, reach)].sort()[1];
  const dates: LocalDate[] = [];
  for (let day = date; day <= last; day = addDays(day, 1)) dates.push(day);
  return dates;
}

/**
 * The task board and the obligations (task × period) of every task: the facts from which the
 * status classes are computed at query time against the clock (so a task becomes overdue when
 * its deadline passes, with no event).
 *
 * Deadlines are on the calendar with the days declared off or working (`calendar-<year>`
 * streams) up to each event, in global order: an assignment after a declaration gets amended
 * deadlines; a declaration moves the deadlines of open obligations that had not passed when it
 * was declared (its `declaredAt`: the projection has no clock), and nothing else. Met, missed
 * and cancelled obligations, and deadlines already passed, keep theirs, so the status class of
 * a closed period never changes (DESIGN.md). `calendar` is the official calendar without any
 * declaration.
 */
export function createTaskBoardProjection(calendar: WorkingCalendar = vietnamCalendar()): Projection {
  const calendars = new Map<string, WorkingCalendar>();
  return {
    name: TASK_BOARD_PROJECTION,
    tables: [TASK_BOARD, OBLIGATIONS, TASK_BOARD_PLANS, TASK_BOARD_CALENDAR],
    eventTypes: new Set<string>([
      PlanEventType.PlanIssued,
      ...Object.values(TaskEventType),
      ...TASK_MESSAGE_TYPES,
      FollowUpEventType.DayOffDeclared,
      FollowUpEventType.WorkingDayDeclared,
    ]),
    async apply(events: readonly ProjectedEvent[], tables: ProjectionTables): Promise<void> {
      const rows: TaskBoardRows = {
        plans: tables.table(TASK_BOARD_PLANS),
        tasks: tables.table(TASK_BOARD),
        obligations: tables.table(OBLIGATIONS),
        calendar: tables.table(TASK_BOARD_CALENDAR),
      };
      const planIds = new Set<string>();
      const taskIds = new Set<string>();
      let declarations = 0;
      let usesCalendar = false;
      for (const event of events) {
        const e = event as unknown as TaskBoardEvent;
        if (isCalendarDeclaration(e)) declarations++;
        else if (e.type === PlanEventType.PlanIssued) planIds.add(e.data.planId);
        else {
          taskIds.add(e.data.taskId);
          if (e.type === TaskEventType.TaskAssigned) planIds.add(e.data.planId);
          if (CALENDAR_USERS.has(e.type)) usesCalendar = true;
        }
      }
      // A store without declarations pays nothing more than one look at an empty table, and
      // only in batches that compute deadlines (none at all in a rebuild: its tables are in memory).
      let board: BoardCalendar | null = null;
      const loadCalendar = async () => (board ??= BoardCalendar.from(calendar, calendars, await rows.calendar.loadAll()));
      if (declarations > 0) {
        // The open obligations each declaration may move, found through their due dates
        // (obligations_open_due_date_idx), with their tasks: worked out on a copy of the calendar
        // that takes the batch's declarations in order.
        const ahead = (await loadCalendar()).fork();
        const dueDates = new Set<string>();
        for (const event of events) {
          const e = event as unknown as TaskBoardEvent;
          if (!isCalendarDeclaration(e) || ahead.knows(event.globalPosition)) continue;
          const before = ahead.current;
          ahead.declare(calendarRowOf(e, event.globalPosition));
          for (const date of dueDatesAffectedBy(e.data.date, before, ahead.current)) dueDates.add(date);
        }
        await rows.obligations.loadWhere('due_date', [...dueDates], `t.state = 'open'`);
        for (const date of dueDates) for (const o of rows.obligations.cachedWhere('due_date', date)) taskIds.add(o.task_id);
      }
      // Started together: the batch's tables send them in one round trip.
      await Promise.all([
        rows.plans.load([...planIds].map((plan_id) => ({ plan_id }))),
        rows.tasks.load([...taskIds].map((task_id) => ({ task_id }))),
        rows.obligations.loadGroups('task_id', [...taskIds]),
        usesCalendar ? loadCalendar() : null,
      ]);
      if (!usesCalendar && events.some((event) => reportNeedsCalendar(rows, event as unknown as TaskBoardEvent))) await loadCalendar();
      const cursor = board ?? BoardCalendar.from(calendar, calendars, null);
      const touched = tasksToSummarize(tables, rows);
      for (const event of events) evolveTaskBoard(rows, event, cursor, touched);
    },
  };
}

/** Per batch tables, the tasks whose summary is still to be worked out before the rows are written. */
const pendingSummaries = new WeakMap<ProjectionTables, Set<string>>();

/**
 * Each task's summary (earliest open deadline, last one met, counts) is worked out once, just
 * before the rows are written, after all of the task's events: once per batch live, once per
 * write of the whole cache in a rebuild (instead of once per batch that touched the task).
 * Nothing in evolveTaskBoard reads a summary column, so leaving them stale until then is safe.
 */
function tasksToSummarize(tables: ProjectionTables, rows: TaskBoardRows): Set<string> {
  let touched = pendingSummaries.get(tables);
  if (!touched) {
    const pending = new Set<string>();
    tables.beforeWrite(() => {
      for (const taskId of pending) summarizeTask(rows, taskId);
      pending.clear();
    });
    pendingSummaries.set(tables, pending);
    touched = pending;
  }
  return touched;
}

/** A report for a period the board has no row for records one from its own deadline (and so needs the calendar). */
function reportNeedsCalendar(rows: TaskBoardRows, event: TaskBoardEvent): boolean {
  if (event.type !== TaskEventType.ReportSubmitted) return false;
  const task = rows.tasks.get({ task_id: event.data.taskId });
  return task !== undefined && obligationOf(rows, task, event.data.periodId) === undefined;
}

/**
 * Applies one event to the loaded rows. With `touched`, the task's summary is left for
 * `summarizeTask` (run for every task in the set before the rows are written); without, it is
 * done at once.
 */
export function evolveTaskBoard(
  rows: TaskBoardRows,
  recorded: ProjectedEvent,
  board: BoardCalendar,
  touched?: Set<string>,
): void {
  const event = recorded as unknown as TaskBoardEvent;
  const position = recorded.globalPosition;
  if (isCalendarDeclaration(event)) {
    if (board.knows(position)) return; // applied before (the table has it)
    const declared = calendarRowOf(event, position);
    const before = board.current;
    rows.calendar.put(declared);
    board.declare(declared);
    moveOpenDeadlines(rows, declared, dueDatesAffectedBy(declared.date, before, board.current), board.current, position, (task) =>
      putTask(rows, task, touched),
    );
    return;
  }
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
    if (task) {
      task.reminder_count++;
      task.last_position = position;
      rows.tasks.put(task);
    }
    return;
  }
  if (event.type === TaskEventType.TaskAssigned) {
    const d = event.data;
    if (rows.tasks.get({ task_id: d.taskId })) return; // assigned once; the decider refuses a second time
    const plan = rows.plans.get({ plan_id: d.planId });
    const demanded = rememberedDemandedObligations(plan ? { start: plan.period_start, end: plan.period_end } : null, d, board.current);
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
        extended_to: null,
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
    putTask(rows, task, touched);
    return;
  }

  const current = rows.tasks.get({ task_id: event.data.taskId });
  if (!current) return; // an event of a task never assigned: nothing to show
  // Changed in place: the buffer holds the only reference (no index of the task table is on a
  // column an event changes), and a copy per event was most of a rebuild's garbage.
  const task = current;
  task.stream_version = recorded.streamVersion;
  task.last_position = position;

  switch (event.type) {
    case TaskEventType.ReportSubmitted: {
      const d = event.data;
      const existing =
        obligationOf(rows, task, d.periodId) ??
        // A period the handler knew and this board did not (e.g. a plan without a stated end):
        // record it from the report's own deadline rather than lose the report.
        openObligation(task, d.periodId, iso(d.dueAt), board.current, position);
      putObligation(rows, existing, position, {
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
      const existing = obligationOf(rows, task, d.periodId);
      if (existing && existing.report_id === d.reportId) putObligation(rows, existing, position, { accepted_at: iso(d.acceptedAt) });
      if (task.last_report_id === d.reportId) task.last_report_status = 'accepted';
      break;
    }
    case TaskEventType.ReportReturned: {
      const d = event.data;
      const existing = obligationOf(rows, task, d.periodId);
      // A returned report reopens its period: the agency reports again.
      if (existing && existing.report_id === d.reportId) {
        putObligation(rows, existing, position, {
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
      const existing = obligationOf(rows, task, d.periodId);
      if (existing) putObligation(rows, existing, position, { extension_id: d.extensionId, extension_status: 'requested' });
      task.extensions_pending++;
      break;
    }
    case TaskEventType.ExtensionGranted: {
      const d = event.data;
      const existing = obligationOf(rows, task, d.periodId) ?? openObligation(task, d.periodId, iso(d.newDueAt), board.current, position);
      putObligation(rows, existing, position, {
        // The day the deadline ends on (the granted date, or the working day it was moved to):
        // declarations find the deadlines they move by it.
        due_date: localDateOf(new Date(ms(d.newDueAt) - 1)),
        due_at: iso(d.newDueAt),
        due_soon_at: dueSoonFrom(d.newDueAt, board.current),
        extension_id: d.extensionId,
        extension_status: 'granted',
        extended_to: d.newDueDate,
      });
      if (d.periodId === DUE_PERIOD_ID) task.due_at = iso(d.newDueAt);
      task.extensions_pending = Math.max(0, task.extensions_pending - 1);
      task.extensions_granted++;
      break;
    }
    case TaskEventType.ExtensionRefused: {
      const d = event.data;
      const existing = obligationOf(rows, task, d.periodId);
      if (existing && existing.extension_id === d.extensionId) putObligation(rows, existing, position, { extension_status: 'refused' });
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
        if (row.state === 'open') putObligation(rows, row, position, { agency: d.newLeadAgency });
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
          putObligation(rows, row, position, { state: 'satisfied', submitted_at: completedAt, late: ms(completedAt) >= ms(row.due_at) });
        } else if (ms(row.due_at) > ms(completedAt)) {
          rows.obligations.delete(row); // a period after completion is no longer demanded
        } else {
          putObligation(rows, row, position, { state: 'missed' });
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
        if (row.state === 'open') putObligation(rows, row, position, { state: 'cancelled' });
      }
      task.lifecycle = 'cancelled';
      task.cancelled_at = iso(d.cancelledAt);
      task.cancel_reason = d.reason;
      break;
    }
    default:
      assertNever(event, 'task event');
  }
  putTask(rows, task, touched);
}

/** Puts the task, and works out its summary now or leaves it for later (see evolveTaskBoard). */
function putTask(rows: TaskBoardRows, task: TaskBoardRow, touched: Set<string> | undefined): void {
  rows.tasks.put(task);
  if (touched) touched.add(task.task_id);
  else summarizeTask(rows, task.task_id);
}

function obligationOf(rows: TaskBoardRows, task: TaskBoardRow, periodId: string): ObligationRow | undefined {
  return rows.obligations.get({ task_id: task.task_id, period_id: periodId });
}

/**
 * Changes an obligation in place like the task, unless its due date moves: the buffer finds rows
 * by due date (cachedWhere) under the value they were put with, so a new one comes with a new row
 * object.
 */
function putObligation(rows: TaskBoardRows, row: ObligationRow, position: number, changes: Partial<ObligationRow>): void {
  if (changes.due_date !== undefined && changes.due_date !== row.due_date) {
    rows.obligations.put({ ...row, ...changes, last_position: position });
    return;
  }
  Object.assign(row, changes);
  row.last_position = position;
  rows.obligations.put(row);
}

/**
 * A declaration moves the deadlines of the open obligations it affects: those still open, whose
 * deadline had not passed when it was declared, and whose deadline is set on a date (the
 * period's nominal date, or a granted extension's new date; a row recorded from a report's own
 * deadline has neither). Their deadline becomes the one `deadlineFor` gives on the amended
 * calendar — the rule the reminders and the command handlers apply (settledDueDate) — and their
 * "due soon" mark follows. Everything else keeps what it had.
 */
function moveOpenDeadlines(
  rows: TaskBoardRows,
  declared: TaskBoardCalendarRow,
  dueDates: readonly LocalDate[],
  calendar: WorkingCalendar,
  position: number,
  putTaskRow: (task: TaskBoardRow) => void,
): void {
  const declaredAt = ms(declared.declared_at);
  for (const dueDate of dueDates) {
    for (const row of rows.obligations.cachedWhere('due_date', dueDate)) {
      const setOn = row.extended_to ?? row.nominal_date;
      if (row.state !== 'open' || setOn === null) continue;
      if (ms(row.due_at) <= declaredAt) continue; // passed before the declaration: a closed period
      const task = rows.tasks.get({ task_id: row.task_id });
      if (!task) continue;
      // An extension grants a date ("gia hạn đến ngày …"): a deadline on that day.
      const relation = row.extended_to !== null || row.period_id === DUE_PERIOD_ID ? 'on' : (task.reporting_schedule?.relation ?? 'on');
      const deadline = deadlineFor(setOn, relation, calendar);
      const dueSoonAt = dueSoonFrom(deadline.dueAt, calendar);
      if (ms(deadline.dueAt) === ms(row.due_at) && ms(dueSoonAt) === ms(row.due_soon_at)) continue;
      rows.obligations.put({
        ...row,
        due_date: deadline.dueDate,
        due_at: deadline.dueAt,
        // Without an extension it is still the calendar's deadline, with nothing to be "original" to.
        original_due_at: row.extended_to === null ? deadline.dueAt : row.original_due_at,
        due_soon_at: dueSoonAt,
        last_position: position,
      });
      putTaskRow({ ...task, ...(row.period_id === DUE_PERIOD_ID ? { due_at: deadline.dueAt } : {}), last_position: position });
    }
  }
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
    extended_to: null,
  };
}

/**
 * Writes the task with the summary of its obligations (earliest open one, last one met, counts),
 * in place (no index of the task table is on a summary column).
 */
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
  const summary: TaskSummary = {
    obligations_total: total,
    obligations_satisfied: satisfied,
    obligations_late: late,
    open_period_id: open?.period_id ?? null,
    open_due_at: open ? iso(open.due_at) : null,
    open_due_soon_at: open ? iso(open.due_soon_at) : null,
    last_satisfied_at: lastMet?.submitted_at ? iso(lastMet.submitted_at) : null,
    last_satisfied_late: lastMet ? lastMet.late : null,
  };
  // Most events leave the summary as it was (a review, a request): then the row needs no copy.
  if (!summaryChanged(task, summary)) return;
  rows.tasks.put(Object.assign(task, summary));
}

type TaskSummary = Pick<
  TaskBoardRow,
  | 'obligations_total'
  | 'obligations_satisfied'
  | 'obligations_late'
  | 'open_period_id'
  | 'open_due_at'
  | 'open_due_soon_at'
  | 'last_satisfied_at'
  | 'last_satisfied_late'
>;

function summaryChanged(task: TaskBoardRow, summary: TaskSummary): boolean {
  return (
    task.obligations_total !== summary.obligations_total ||
    task.obligations_satisfied !== summary.obligations_satisfied ||
    task.obligations_late !== summary.obligations_late ||
    task.open_period_id !== summary.open_period_id ||
    task.open_due_at !== summary.open_due_at ||
    task.open_due_soon_at !== summary.open_due_soon_at ||
    task.last_satisfied_at !== summary.last_satisfied_at ||
    task.last_satisfied_late !== summary.last_satisfied_late
  );
}
