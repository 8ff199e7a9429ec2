import { vietnamCalendar, WorkingCalendar } from '@dondoc/calendar';
import { EventMetadata, EventStore, NewEvent } from '@dondoc/event-store';
import { agencyRegistered } from '@dondoc/tasking/domain/agency.events';
import { planIssued } from '@dondoc/tasking/domain/plan.events';
import {
  extensionGranted,
  extensionRefused,
  extensionRequested,
  reportAccepted,
  reportReturned,
  reportSubmitted,
  taskAssigned,
  taskCancelled,
  taskCompleted,
  taskReassigned,
} from '@dondoc/tasking/domain/task.events';
import { agencyStreamId, planStreamId, taskStreamId } from '@dondoc/tasking/domain/stream-ids';
import { DemandedObligation, demandedObligations } from '../read-models/task-obligations';

/**
 * A seeded, coherent stream of tasking events for tests and benchmarks: agencies, plans, then
 * tasks that are assigned, reported on (on time and late), reviewed, extended, reassigned,
 * completed or cancelled — in the order the deciders would allow, appended straight to the store.
 */
export interface WorkloadOptions {
  seed?: number;
  agencies?: number;
  plans?: number;
  /** Business time of the first event; each append moves it on by up to `stepMinutes`. */
  start?: string;
  stepMinutes?: number;
}

export interface Append {
  streamId: string;
  expectedVersion: number;
  events: NewEvent[];
  metadata: EventMetadata;
  /** Call when the append is done (or failed), so that the task can be picked again. */
  release: () => void;
}

interface PlanState {
  planId: string;
  start: string;
  end: string | null;
}

interface TaskState {
  taskId: string;
  plan: PlanState;
  lead: string;
  coordinating: string[];
  version: number;
  obligations: DemandedObligation[];
  /** periodId → dueAt in force (after extensions). */
  dueAt: Map<string, string>;
  reported: Set<string>;
  pendingReport: { reportId: string; periodId: string } | null;
  pendingExtension: { extensionId: string; periodId: string } | null;
  state: 'active' | 'completed' | 'cancelled';
  busy: boolean;
  counter: number;
}

/** mulberry32: small, fast, seeded. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class TaskingWorkload {
  private readonly random: () => number;
  private readonly calendar: WorkingCalendar;
  private readonly agencyCodes: string[];
  private readonly plans: PlanState[] = [];
  private readonly tasks: TaskState[] = [];
  private now: number;
  private readonly stepMs: number;
  private sequence = 0;
  private readonly label: string;

  constructor(
    private readonly store: EventStore,
    private readonly options: WorkloadOptions = {},
  ) {
    const seed = options.seed ?? 1;
    this.random = prng(seed);
    this.label = `w${seed}`;
    this.calendar = vietnamCalendar();
    this.agencyCodes = Array.from({ length: options.agencies ?? 12 }, (_, i) => `AG_${this.label.toUpperCase()}_${i}`);
    this.now = Date.parse(options.start ?? '2019-11-21T02:00:00.000Z');
    this.stepMs = (options.stepMinutes ?? 30) * 60_000;
  }

  /** Business time of the workload's last event. */
  get clock(): Date {
    return new Date(this.now);
  }

  get taskCount(): number {
    return this.tasks.length;
  }

  /** Registers the agencies and issues the plans (one append each). Returns the number of events. */
  async setup(): Promise<number> {
    for (const code of this.agencyCodes) {
      await this.store.append(agencyStreamId(code), 'no_stream', [
        agencyRegistered({ code, nameVi: `Cơ quan ${code}`, nameEn: null, level: 'province', kind: 'department', collective: false, registeredAt: this.tick() }),
      ], { metadata: this.metadata() });
    }
    for (let p = 0; p < (this.options.plans ?? 3); p++) {
      const plan: PlanState = { planId: `${this.label}-plan-${p}`, start: '2019-11-21', end: p % 3 === 2 ? null : '2020-04-22' };
      this.plans.push(plan);
      await this.store.append(planStreamId(plan.planId), 'no_stream', [
        planIssued({
          planId: plan.planId,
          number: `${118 + p}/KH-UBND`,
          issuerAgency: 'UBND_TINH',
          issuedOn: plan.start,
          title: `Kế hoạch bảo đảm an ninh, trật tự số ${p}`,
          period: { start: plan.start, end: plan.end },
          objectives: ['Bảo đảm an ninh, trật tự'],
          monitoringAgency: this.agencyCodes[0],
          defaultReportingSchedule: { kind: 'monthly', day: 20, relation: 'on' },
          issuedAt: this.tick(),
        }),
      ], { metadata: this.metadata() });
    }
    return this.agencyCodes.length + this.plans.length;
  }

  /**
   * The next append: a new task (while fewer than `targetTasks`), else a step of a task that
   * is not being appended to (null when every task is busy or closed).
   */
  next(targetTasks: number): Append | null {
    if (this.tasks.length < targetTasks && (this.tasks.length < 4 || this.random() < 0.2)) return this.assign();
    for (let attempt = 0; attempt < 20; attempt++) {
      const task = this.tasks[Math.floor(this.random() * this.tasks.length)];
      if (!task || task.busy || task.state !== 'active') continue;
      const step = this.step(task);
      if (step) return step;
    }
    return this.tasks.length < targetTasks * 2 ? this.assign() : null;
  }

  /** Appends `count` events with `concurrency` writers; returns the last position written. */
  async run(count: number, options: { concurrency?: number; targetTasks?: number; onAppend?: (position: number) => void } = {}): Promise<number> {
    let written = 0;
    let last = 0;
    const targetTasks = options.targetTasks ?? Math.max(20, Math.floor(count / 12));
    await Promise.all(
      Array.from({ length: options.concurrency ?? 4 }, async () => {
        while (written < count) {
          const append = this.next(targetTasks);
          if (!append) {
            await new Promise((resolve) => setImmediate(resolve));
            continue;
          }
          written += append.events.length;
          last = Math.max(last, await this.apply(append));
          options.onAppend?.(last);
        }
      }),
    );
    return last;
  }

  /** Writes one append to the store; returns its last position. */
  async apply(append: Append): Promise<number> {
    try {
      const result = await this.store.append(append.streamId, append.expectedVersion, append.events, { metadata: append.metadata });
      return result.lastPosition;
    } finally {
      append.release();
    }
  }

  private assign(): Append {
    const plan = this.plans[this.tasks.length % this.plans.length];
    const taskId = `${this.label}-task-${this.tasks.length}`;
    const lead = this.pick(this.agencyCodes);
    const coordinating = this.agencyCodes.filter((c) => c !== lead && this.random() < 0.15).slice(0, 3);
    const kind = this.random();
    const schedule = kind < 0.75 ? ({ kind: 'monthly', day: 20, relation: 'on' } as const) : kind < 0.85 ? ({ kind: 'yearly', month: 3, day: 31, relation: 'before' } as const) : null;
    const dueDate = schedule === null || this.random() < 0.3 ? '2020-03-31' : null;
    const assignedAt = this.tick();
    const task: TaskState = {
      taskId,
      plan,
      lead,
      coordinating,
      version: 0,
      obligations: demandedObligations({ start: plan.start, end: plan.end }, { dueDate, reportingSchedule: schedule, assignedAt }, this.calendar),
      dueAt: new Map(),
      reported: new Set(),
      pendingReport: null,
      pendingExtension: null,
      state: 'active',
      busy: false,
      counter: 0,
    };
    for (const o of task.obligations) task.dueAt.set(o.periodId, o.dueAt);
    this.tasks.push(task);
    return this.appendTo(task, [
      taskAssigned({
        taskId,
        planId: plan.planId,
        title: `Nhiệm vụ ${taskId}: bảo đảm an ninh, trật tự dịp Tết`,
        text: 'Chủ trì, phối hợp triển khai thực hiện',
        leadAgency: lead,
        coordinatingAgencies: coordinating,
        partners: [],
        dueDate,
        reportingSchedule: schedule,
        sourceRef: `118-III-${this.tasks.length}`,
        assignedAt,
      }),
    ]);
  }

  private step(task: TaskState): Append | null {
    const at = this.tick();
    const id = () => `${task.taskId}-${++task.counter}`;
    if (task.pendingReport) {
      const { reportId, periodId } = task.pendingReport;
      task.pendingReport = null;
      if (this.random() < 0.8) return this.appendTo(task, [reportAccepted({ taskId: task.taskId, reportId, periodId, acceptedAt: at })]);
      task.reported.delete(periodId);
      return this.appendTo(task, [reportReturned({ taskId: task.taskId, reportId, periodId, reason: 'Báo cáo chưa đủ số liệu', returnedAt: at })]);
    }
    if (task.pendingExtension) {
      const { extensionId, periodId } = task.pendingExtension;
      task.pendingExtension = null;
      if (this.random() < 0.7) {
        const current = Date.parse(task.dueAt.get(periodId)!);
        const newDueAt = new Date(current + 7 * 86_400_000).toISOString();
        task.dueAt.set(periodId, newDueAt);
        return this.appendTo(task, [
          extensionGranted({ taskId: task.taskId, extensionId, periodId, newDueDate: newDueAt.slice(0, 10), newDueAt, grantedAt: at }),
        ]);
      }
      return this.appendTo(task, [extensionRefused({ taskId: task.taskId, extensionId, periodId, reason: 'Không có căn cứ', refusedAt: at })]);
    }
    const open = task.obligations.filter((o) => !task.reported.has(o.periodId));
    const roll = this.random();
    if (open.length === 0 || roll < 0.02) {
      task.state = 'completed';
      return this.appendTo(task, [taskCompleted({ taskId: task.taskId, note: null, completedAt: at })]);
    }
    if (roll < 0.03) {
      task.state = 'cancelled';
      return this.appendTo(task, [taskCancelled({ taskId: task.taskId, reason: 'Không còn phù hợp', cancelledAt: at })]);
    }
    if (roll < 0.06) {
      const next = this.pick(this.agencyCodes.filter((c) => c !== task.lead));
      const previous = task.lead;
      task.lead = next;
      task.coordinating = task.coordinating.filter((c) => c !== next);
      return this.appendTo(task, [
        taskReassigned({ taskId: task.taskId, previousLeadAgency: previous, newLeadAgency: next, reason: 'Điều chỉnh phân công', reassignedAt: at }),
      ]);
    }
    const period = open[0];
    const dueAt = task.dueAt.get(period.periodId)!;
    if (roll < 0.12) {
      const extensionId = id();
      task.pendingExtension = { extensionId, periodId: period.periodId };
      const requestedDueAt = new Date(Date.parse(dueAt) + 7 * 86_400_000).toISOString();
      return this.appendTo(task, [
        extensionRequested({
          taskId: task.taskId,
          extensionId,
          periodId: period.periodId,
          requestedDueDate: requestedDueAt.slice(0, 10),
          requestedDueAt,
          currentDueAt: dueAt,
          reason: 'Cần thêm thời gian tổng hợp',
          requestedAt: at,
        }),
      ]);
    }
    const reportId = id();
    task.reported.add(period.periodId);
    task.pendingReport = { reportId, periodId: period.periodId };
    return this.appendTo(task, [
      reportSubmitted({
        taskId: task.taskId,
        reportId,
        periodId: period.periodId,
        text: 'Báo cáo tình hình, kết quả thực hiện',
        progressPercent: Math.floor(this.random() * 101),
        indicatorValues: [],
        dueAt,
        late: Date.parse(at) >= Date.parse(dueAt),
        extensionId: null,
        submittedAt: at,
      }),
    ]);
  }

  private appendTo(task: TaskState, events: NewEvent[]): Append {
    task.busy = true;
    const expectedVersion = task.version;
    task.version += events.length;
    return {
      streamId: taskStreamId(task.taskId),
      expectedVersion,
      events,
      metadata: this.metadata(),
      release: () => (task.busy = false),
    };
  }

  private tick(): string {
    this.now += Math.floor(this.random() * this.stepMs);
    return new Date(this.now).toISOString();
  }

  private metadata(): EventMetadata {
    const commandId = `${this.label}-cmd-${++this.sequence}`;
    return {
      actor: 'workload',
      role: 'system',
      agency: null,
      commandId,
      correlationId: commandId,
      causationId: null,
      occurredAt: new Date(this.now).toISOString(),
    };
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }
}
