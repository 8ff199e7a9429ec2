import { Logger } from '@nestjs/common';
import { DatabaseError, Pool, PoolClient } from 'pg';
import { CalendarAmendment, calendarOfAmendments, WorkingCalendar } from '@dondoc/calendar';
import { EventStore, RecordedEvent, Upcasters } from '@dondoc/event-store';
import { PlanIssuedData } from '@dondoc/tasking/domain/plan.events';
import { evolveTask, initialTaskState, TaskState } from '@dondoc/tasking/domain/task.decider';
import { TaskEvent, TaskEventType } from '@dondoc/tasking/domain/task.events';
import { amendmentOf } from '../domain/calendar.decider';
import {
  CalendarEvent,
  DigestSentData,
  FollowUpEventType,
  FollowUpSentData,
  PlannedDelivery,
  ReminderStagesConfiguredData,
  StageMessageData,
} from '../domain/follow-up.events';
import { DEFAULT_STAGES_CONFIG, ReminderStagesConfig, StageInstance } from '../domain/reminder-stages';
import { pendingStages } from '../domain/stage-firing';
import { WorkingHours } from '../domain/working-hours';
import { FOLLOW_UP_DERIVED_TABLES } from './follow-up.migration';
import { PendingDelivery, PendingStage } from './follow-up-scheduler';

const CHECKPOINT = 'follow-up';
const LOCK_NOT_AVAILABLE = '55P03';
const TASK_EVENT_TYPES: ReadonlySet<string> = new Set(Object.values(TaskEventType));

/** What a live batch asks the scheduler to put into Redis once it has committed. */
export interface ConsumerWork {
  stages: PendingStage[];
  deliveries: PendingDelivery[];
  digests: { agency: string; digestDate: string; atMs: number }[];
}

export interface ConsumerBatch {
  read: number;
  position: number;
  rebuilding: boolean;
  busy: boolean;
  work: ConsumerWork;
}

interface PlanRow {
  plan: PlanIssuedData | null;
  config: ReminderStagesConfig | null;
}

/**
 * The follow-up consumer: reads the global order from its checkpoint (the store's safe
 * `readAll`) and keeps, in the same transaction as the checkpoint, what reminders need: the
 * tasks folded, plans and their stage configuration, calendar amendments, the stages already
 * fired, the pending stages of every open obligation, the deliveries not yet recorded, the
 * agencies' inboxes and digest items. It has no side effect of its own: after a live batch
 * commits it returns the new pending work for the scheduler; a rebuild returns none.
 */
export class FollowUpConsumer {
  private readonly logger = new Logger(FollowUpConsumer.name);
  private running: Promise<number> | null = null;
  private again = false;

  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly upcasters: Upcasters,
    private readonly hours: WorkingHours,
    private readonly options: { batchSize: number; horizonMs: number; lockTimeoutMs: number; digestAtMinutes: number },
  ) {}

  /** Applies batches until caught up; `onWork` gets each live batch's work after its commit. */
  catchUp(nowMs: () => number, onWork: (work: ConsumerWork) => Promise<void>): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let total = 0;
      try {
        do {
          this.again = false;
          for (;;) {
            const batch = await this.applyBatch(nowMs());
            total += batch.read;
            if (!batch.rebuilding && hasWork(batch.work)) await onWork(batch.work);
            if (batch.busy || batch.read < this.options.batchSize) break;
          }
        } while (this.again);
        return total;
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  async checkpoint(): Promise<{ position: number; rebuilding: boolean }> {
    const { rows } = await this.pool.query<{ position: string; rebuilding: boolean }>(
      'SELECT position, rebuilding FROM follow_up_checkpoint WHERE name = $1',
      [CHECKPOINT],
    );
    return rows.length ? { position: Number(rows[0].position), rebuilding: rows[0].rebuilding } : { position: 0, rebuilding: false };
  }

  /**
   * Starts a rebuild from position 0: empties every derived table and marks the checkpoint
   * `rebuilding`, in one transaction. Batches after it schedule nothing until they have caught
   * up, and the batch that catches up clears the flag without scheduling either.
   */
  async startRebuild(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT position FROM follow_up_checkpoint WHERE name = $1 FOR UPDATE', [CHECKPOINT]);
      await client.query(`TRUNCATE ${FOLLOW_UP_DERIVED_TABLES.join(', ')}`);
      await client.query(
        `UPDATE follow_up_checkpoint SET position = 0, rebuilding = true, updated_at = clock_timestamp() WHERE name = $1`,
        [CHECKPOINT],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Rebuilds from position 0 and waits until caught up; schedules nothing. */
  async rebuild(nowMs: () => number): Promise<number> {
    await this.startRebuild();
    return this.catchUp(nowMs, async () => undefined);
  }

  async applyBatch(nowMs: number): Promise<ConsumerBatch> {
    const client = await this.pool.connect();
    const empty: ConsumerWork = { stages: [], deliveries: [], digests: [] };
    let broken: Error | undefined;
    try {
      await client.query(`BEGIN; SET LOCAL lock_timeout = ${Math.max(1, Math.floor(this.options.lockTimeoutMs))}`);
      const { rows } = await client.query<{ position: string; rebuilding: boolean }>(
        'SELECT position, rebuilding FROM follow_up_checkpoint WHERE name = $1 FOR UPDATE',
        [CHECKPOINT],
      );
      if (!rows.length) {
        await client.query('ROLLBACK');
        await this.pool.query('INSERT INTO follow_up_checkpoint (name) VALUES ($1) ON CONFLICT DO NOTHING', [CHECKPOINT]);
        return { read: 0, position: 0, rebuilding: false, busy: true, work: empty };
      }
      const position = Number(rows[0].position);
      const rebuilding = rows[0].rebuilding;
      const events = await this.store.readAll(position, this.options.batchSize);
      if (events.length === 0) {
        if (rebuilding) await client.query('UPDATE follow_up_checkpoint SET rebuilding = false WHERE name = $1', [CHECKPOINT]);
        await client.query(rebuilding ? 'COMMIT' : 'ROLLBACK');
        return { read: 0, position, rebuilding, busy: false, work: empty };
      }
      const work = await this.apply(client, events.map((e) => this.upcast(e)), nowMs);
      const last = events[events.length - 1].globalPosition;
      const caughtUp = events.length < this.options.batchSize;
      await client.query(
        `UPDATE follow_up_checkpoint SET position = $2, rebuilding = rebuilding AND NOT $3, updated_at = clock_timestamp() WHERE name = $1`,
        [CHECKPOINT, last, caughtUp],
      );
      await client.query('COMMIT');
      return { read: events.length, position: last, rebuilding, busy: false, work };
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      if (error instanceof DatabaseError && error.code === LOCK_NOT_AVAILABLE) {
        return { read: 0, position: 0, rebuilding: true, busy: true, work: empty };
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private upcast(event: RecordedEvent): RecordedEvent {
    const current = this.upcasters.upcast(event);
    return current.schemaVersion === event.schemaVersion ? event : { ...event, data: current.data, schemaVersion: current.schemaVersion };
  }

  private async apply(client: PoolClient, events: readonly RecordedEvent[], nowMs: number): Promise<ConsumerWork> {
    const work: ConsumerWork = { stages: [], deliveries: [], digests: [] };
    const taskIds = [...new Set(events.filter((e) => TASK_EVENT_TYPES.has(e.type)).map((e) => (e.data as { taskId: string }).taskId))];
    const tasks = await this.loadTasks(client, taskIds);
    const dirty = new Set<string>();
    const plans = new Map<string, PlanRow>();
    const dirtyPlans = new Set<string>();
    let calendarChanged = false;
    const fired: { stageId: string; taskId: string }[] = [];
    const deliveries: (PendingDelivery & { channel: string; agency: string })[] = [];
    const outcomes: string[] = [];
    const inbox: unknown[][] = [];
    const digestItems: unknown[][] = [];
    const digested: { agency: string; digestDate: string; messageIds: string[] }[] = [];

    // Deliveries the consumer queues itself: those of follow-ups (recorded by the API, which has no
    // queue of its own) and digests. A stage job queues its message's deliveries right after its
    // append, and again when it runs a second time; a worker that died in between leaves them to
    // the reconciler, which queues every delivery without an outcome.
    const toQueue: PendingDelivery[] = [];
    const message = (event: RecordedEvent, data: StageMessageData | FollowUpSentData, kind: string | null) => {
      for (const delivery of data.deliveries) {
        if (delivery.channel === 'inbox') {
          inbox.push([
            delivery.agency, data.messageId, delivery.audience, event.streamId, event.type, data.taskId, data.planId,
            data.periodId, kind, data.subject, data.text, 'dueAt' in data ? data.dueAt : null,
            'firedAt' in data ? data.firedAt : data.sentAt, 'late' in data ? data.late : false, event.globalPosition,
          ]);
        } else if (delivery.mode === 'digest' && delivery.digestDate) {
          digestItems.push([delivery.agency, delivery.digestDate, data.messageId, event.streamId, data.taskId, data.subject, delivery.notBefore]);
        } else {
          const pending = pendingDelivery(event.streamId, data.messageId, delivery);
          deliveries.push(pending);
          if (event.type === FollowUpEventType.FollowUpSent) toQueue.push(pending);
        }
      }
    };

    for (const event of events) {
      if (TASK_EVENT_TYPES.has(event.type)) {
        const taskId = (event.data as { taskId: string }).taskId;
        tasks.set(taskId, evolveTask(tasks.get(taskId) ?? initialTaskState(), event as unknown as TaskEvent));
        dirty.add(taskId);
        continue;
      }
      switch (event.type) {
        case 'PlanIssued': {
          const plan = event.data as PlanIssuedData;
          await client.query(
            `INSERT INTO follow_up_plans (plan_id, plan) VALUES ($1, $2) ON CONFLICT (plan_id) DO UPDATE SET plan = excluded.plan`,
            [plan.planId, JSON.stringify(plan)],
          );
          dirtyPlans.add(plan.planId);
          break;
        }
        case FollowUpEventType.ReminderStagesConfigured: {
          const data = event.data as ReminderStagesConfiguredData;
          const config: ReminderStagesConfig = { stages: data.stages, committeeAgency: data.committeeAgency, configuredAt: data.configuredAt };
          await client.query(
            `INSERT INTO follow_up_plans (plan_id, config) VALUES ($1, $2) ON CONFLICT (plan_id) DO UPDATE SET config = excluded.config`,
            [data.planId, JSON.stringify(config)],
          );
          dirtyPlans.add(data.planId);
          break;
        }
        case FollowUpEventType.DayOffDeclared:
        case FollowUpEventType.WorkingDayDeclared:
          await client.query('INSERT INTO follow_up_calendar (position, amendment) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
            event.globalPosition,
            JSON.stringify(amendmentOf(event as unknown as CalendarEvent)),
          ]);
          calendarChanged = true;
          break;
        case FollowUpEventType.ReminderSent:
        case FollowUpEventType.ObligationEscalated: {
          const data = event.data as StageMessageData;
          // The task's other pending stages stay as they are: only this one leaves the pending
          // set (no recompute, which a burst of reminders would pay once per reminder).
          fired.push({ stageId: data.stageId, taskId: data.taskId });
          message(event, data, data.kind);
          break;
        }
        case FollowUpEventType.FollowUpSent:
          message(event, event.data as FollowUpSentData, 'follow_up');
          break;
        case FollowUpEventType.DigestSent: {
          const data = event.data as DigestSentData;
          for (const delivery of data.deliveries) {
            if (delivery.channel === 'inbox') continue;
            const pending = pendingDelivery(event.streamId, data.messageId, delivery);
            deliveries.push(pending);
            toQueue.push(pending);
          }
          digested.push({ agency: data.agency, digestDate: data.digestDate, messageIds: data.items.map((i) => i.messageId) });
          break;
        }
        case FollowUpEventType.ReminderDelivered:
        case FollowUpEventType.ReminderDeliveryFailed:
          outcomes.push((event.data as { deliveryId: string }).deliveryId);
          break;
        default:
          break;
      }
    }

    // Writes of this batch, in bulk.
    if (fired.length) {
      await client.query(
        `INSERT INTO follow_up_fired_stages (stage_id, task_id) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`,
        [fired.map((f) => f.stageId), fired.map((f) => f.taskId)],
      );
      await client.query('DELETE FROM pending_reminder_stages WHERE stage_id = ANY($1::text[])', [fired.map((f) => f.stageId)]);
    }
    if (deliveries.length) {
      await client.query(
        `INSERT INTO pending_deliveries (delivery_id, stream_id, message_id, channel, agency, not_before)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[]) ON CONFLICT DO NOTHING`,
        [
          deliveries.map((d) => d.deliveryId),
          deliveries.map((d) => d.streamId),
          deliveries.map((d) => d.messageId),
          deliveries.map((d) => d.channel),
          deliveries.map((d) => d.agency),
          deliveries.map((d) => d.notBefore),
        ],
      );
    }
    if (outcomes.length) {
      await client.query('DELETE FROM pending_deliveries WHERE delivery_id = ANY($1::text[])', [outcomes]);
    }
    if (inbox.length) {
      const column = (i: number) => inbox.map((row) => row[i]);
      await client.query(
        `INSERT INTO follow_up_inbox (agency, message_id, audience, stream_id, type, task_id, plan_id, period_id, kind, subject, body, due_at, sent_at, late, position)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                              $10::text[], $11::text[], $12::timestamptz[], $13::timestamptz[], $14::boolean[], $15::bigint[])
         ON CONFLICT DO NOTHING`,
        Array.from({ length: 15 }, (_, i) => column(i)),
      );
    }
    if (digestItems.length) {
      const column = (i: number) => digestItems.map((row) => row[i]);
      await client.query(
        `INSERT INTO follow_up_digest_items (agency, digest_date, message_id, stream_id, task_id, subject, not_before)
         SELECT * FROM unnest($1::text[], $2::date[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
         ON CONFLICT DO NOTHING`,
        Array.from({ length: 7 }, (_, i) => column(i)),
      );
    }
    for (const digest of digested) {
      await client.query(
        `UPDATE follow_up_digest_items SET digested = true WHERE agency = $1 AND digest_date = $2 AND message_id = ANY($3::text[])`,
        [digest.agency, digest.digestDate, digest.messageIds],
      );
    }

    // Tasks whose pending stages change: those with events, every active task of a plan whose
    // configuration arrived, and every active task when the calendar was amended.
    if (calendarChanged || dirtyPlans.size) {
      const { rows } = await client.query<{ task_id: string }>(
        `SELECT task_id FROM follow_up_tasks WHERE status = 'active' AND ($1 OR plan_id = ANY($2::text[]))`,
        [calendarChanged, [...dirtyPlans]],
      );
      for (const row of rows) dirty.add(row.task_id);
    }
    const missing = [...dirty].filter((id) => !tasks.has(id));
    for (const [id, state] of await this.loadTasks(client, missing)) tasks.set(id, state);
    await this.saveTasks(client, taskIds.map((id) => [id, tasks.get(id)!] as const));
    if (dirty.size) {
      const stages = await this.recompute(client, [...dirty].map((id) => tasks.get(id)!).filter(Boolean), plans, nowMs);
      work.stages.push(...stages);
    }
    const horizon = nowMs + this.options.horizonMs;
    const recorded = new Set(outcomes);
    work.deliveries.push(...toQueue.filter((d) => Date.parse(d.notBefore) <= horizon && !recorded.has(d.deliveryId)));
    const digests = new Map<string, { agency: string; digestDate: string; atMs: number }>();
    for (const [agency, digestDate, , , , , notBefore] of digestItems as string[][]) {
      digests.set(`${agency}/${digestDate}`, { agency, digestDate, atMs: Date.parse(notBefore) });
    }
    work.digests.push(...digests.values());
    return work;
  }

  /** Replaces the pending stages of these tasks; returns the first pending stage of each obligation within the horizon. */
  private async recompute(client: PoolClient, tasks: TaskState[], plans: Map<string, PlanRow>, nowMs: number): Promise<PendingStage[]> {
    const assigned = tasks.filter((t): t is Exclude<TaskState, { status: 'unassigned' }> => t.status !== 'unassigned');
    const planIds = [...new Set(assigned.map((t) => t.planId))].filter((id) => !plans.has(id));
    if (planIds.length) {
      const { rows } = await client.query<{ plan_id: string; plan: PlanIssuedData | null; config: ReminderStagesConfig | null }>(
        'SELECT plan_id, plan, config FROM follow_up_plans WHERE plan_id = ANY($1::text[])',
        [planIds],
      );
      for (const row of rows) plans.set(row.plan_id, { plan: row.plan, config: row.config });
    }
    const calendar = await this.calendar(client);
    const { rows: firedRows } = await client.query<{ stage_id: string; task_id: string }>(
      'SELECT stage_id, task_id FROM follow_up_fired_stages WHERE task_id = ANY($1::text[])',
      [assigned.map((t) => t.taskId)],
    );
    const sent = new Map<string, Set<string>>();
    for (const row of firedRows) {
      if (!sent.has(row.task_id)) sent.set(row.task_id, new Set());
      sent.get(row.task_id)!.add(row.stage_id);
    }
    const rows: StageInstance[] = [];
    const planOf = new Map<string, string>();
    const leadOf = new Map<string, string>();
    for (const task of assigned) {
      const planRow = plans.get(task.planId);
      planOf.set(task.taskId, task.planId);
      leadOf.set(task.taskId, task.leadAgency);
      rows.push(
        ...pendingStages({
          task,
          plan: planRow?.plan ?? null,
          config: planRow?.config ?? DEFAULT_STAGES_CONFIG,
          calendar,
          hours: this.hours,
          sent: sent.get(task.taskId) ?? new Set(),
        }),
      );
    }
    await client.query('DELETE FROM pending_reminder_stages WHERE task_id = ANY($1::text[])', [tasks.map((t) => (t as { taskId?: string }).taskId).filter(Boolean)]);
    if (rows.length) {
      await client.query(
        `INSERT INTO pending_reminder_stages (stage_id, task_id, plan_id, period_id, stage_key, stage_order, kind, due_at, fire_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::timestamptz[], $9::timestamptz[])
         ON CONFLICT (stage_id) DO NOTHING`,
        [
          rows.map((r) => r.stageId),
          rows.map((r) => r.taskId),
          rows.map((r) => planOf.get(r.taskId)!),
          rows.map((r) => r.periodId),
          rows.map((r) => r.stageKey),
          rows.map((r) => r.order),
          rows.map((r) => r.kind),
          rows.map((r) => r.dueAt),
          rows.map((r) => r.fireAt),
        ],
      );
    }
    const horizon = nowMs + this.options.horizonMs;
    const first = new Map<string, StageInstance>();
    for (const row of rows) {
      const key = `${row.taskId}\u0000${row.periodId}`;
      if (!first.has(key)) first.set(key, row);
    }
    return [...first.values()]
      .filter((s) => Date.parse(s.fireAt) <= horizon)
      .map((s) => ({ stageId: s.stageId, taskId: s.taskId, planId: planOf.get(s.taskId)!, periodId: s.periodId, stageKey: s.stageKey, dueAt: s.dueAt, fireAt: s.fireAt, leadAgency: leadOf.get(s.taskId) }));
  }

  private async calendar(client: PoolClient): Promise<WorkingCalendar> {
    const { rows } = await client.query<{ amendment: CalendarAmendment }>('SELECT amendment FROM follow_up_calendar ORDER BY position');
    return calendarOfAmendments(rows.map((r) => r.amendment));
  }

  private async loadTasks(client: PoolClient, taskIds: readonly string[]): Promise<Map<string, TaskState>> {
    const tasks = new Map<string, TaskState>();
    if (!taskIds.length) return tasks;
    const { rows } = await client.query<{ task_id: string; state: TaskState }>(
      'SELECT task_id, state FROM follow_up_tasks WHERE task_id = ANY($1::text[])',
      [taskIds],
    );
    for (const row of rows) tasks.set(row.task_id, row.state);
    return tasks;
  }

  private async saveTasks(client: PoolClient, tasks: readonly (readonly [string, TaskState])[]): Promise<void> {
    const assigned = tasks.filter(([, t]) => t && t.status !== 'unassigned') as [string, Exclude<TaskState, { status: 'unassigned' }>][];
    if (!assigned.length) return;
    await client.query(
      `INSERT INTO follow_up_tasks (task_id, plan_id, status, state)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])
       ON CONFLICT (task_id) DO UPDATE SET plan_id = excluded.plan_id, status = excluded.status, state = excluded.state`,
      [assigned.map(([id]) => id), assigned.map(([, t]) => t.planId), assigned.map(([, t]) => t.status), assigned.map(([, t]) => JSON.stringify(t))],
    );
  }
}

function pendingDelivery(streamId: string, messageId: string, delivery: PlannedDelivery): PendingDelivery & { channel: string; agency: string } {
  return { streamId, messageId, deliveryId: delivery.deliveryId, notBefore: delivery.notBefore, channel: delivery.channel, agency: delivery.agency };
}

function hasWork(work: ConsumerWork): boolean {
  return work.stages.length > 0 || work.deliveries.length > 0 || work.digests.length > 0;
}
