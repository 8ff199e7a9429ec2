import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { Actor, CLOCK, Clock, PG_POOL } from '@dondoc/platform';
import { TaskingReader } from '@dondoc/tasking/application/tasking-reader';
import { assertMayReadTask } from '@dondoc/tasking/domain/authorization';
import { taskDecider, TaskState } from '@dondoc/tasking/domain/task.decider';
import { taskStreamId } from '@dondoc/tasking/domain/stream-ids';
import { assertFollowUpRole } from '../domain/authorization';
import { FollowUpErrors } from '../domain/follow-up.errors';
import { DigestSent, MessageEvent, PlannedDelivery } from '../domain/follow-up.events';
import { digestStreamId, followUpStreamId } from '../domain/follow-up.ids';
import { MessageStreamState, messageStreamDecider } from '../domain/message-stream.decider';
import { FollowUpReader } from './follow-up-reader';

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** Where one delivery stands. `in_inbox`: the inbox is written when the message is recorded. */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'in_inbox' | 'in_digest';

export interface DeliveryView {
  deliveryId: string;
  channel: PlannedDelivery['channel'];
  agency: string;
  audience: PlannedDelivery['audience'];
  address: string | null;
  mode: PlannedDelivery['mode'];
  digestDate: string | null;
  notBefore: string;
  status: DeliveryStatus;
  attempts: number | null;
  /** When the outcome was recorded. */
  at: string | null;
  response: string | null;
  error: string | null;
  receiverKey: string | null;
}

export interface ReminderView {
  messageId: string;
  type: MessageEvent['type'];
  kind: 'reminder' | 'escalation' | 'follow_up';
  stageKey: string | null;
  periodId: string | null;
  /** The deadline the message is about. */
  dueAt: string | null;
  dueDate: string | null;
  /** When the stage was due to fire (null for an ad-hoc follow-up). */
  scheduledFor: string | null;
  sentAt: string;
  late: boolean;
  lateByMs: number;
  sentBy: string | null;
  recipients: { agency: string; audience: string }[];
  subject: string;
  text: string;
  position: number;
  deliveries: DeliveryView[];
}

export interface InboxItem {
  messageId: string;
  type: string;
  kind: string | null;
  taskId: string | null;
  planId: string | null;
  periodId: string | null;
  audience: string;
  subject: string;
  body: string;
  dueAt: string | null;
  sentAt: string;
  late: boolean;
}

function paging(page?: number, pageSize?: number): { page: number; pageSize: number; offset: number } {
  const p = Math.max(1, Math.floor(page ?? 1));
  const size = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(pageSize ?? DEFAULT_PAGE_SIZE)));
  return { page: p, pageSize: size, offset: (p - 1) * size };
}

/** A task's reminder history (from its `followup-<taskId>` stream) and agencies' inboxes. */
@Injectable()
export class FollowUpQueries {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly reader: FollowUpReader,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly tasking: TaskingReader,
  ) {}

  /**
   * Every reminder, escalation and follow-up of a task, oldest first: when it was due, when it
   * was sent, to whom, by which channel, and how each delivery ended. Agency officers see them
   * for the tasks they may read (assertMayReadTask): their agency, or one it succeeded, leads or
   * coordinates the task; the officers of an agency that has ceased are sent to its successor.
   */
  async reminders(taskId: string, actor: Actor, query: { page?: number; pageSize?: number } = {}): Promise<Page<ReminderView>> {
    assertFollowUpRole(actor, 'ReadReminders');
    const streams = await this.reader.readStreams([taskStreamId(taskId), followUpStreamId(taskId)]);
    const task = this.reader.fold<TaskState>(taskDecider, streams.get(taskStreamId(taskId)));
    if (task.status === 'unassigned') throw FollowUpErrors.taskNotFound(taskId);
    // A task's reminders are part of the task: the rule for reading the task (GET /tasks/:id).
    if (actor.role === 'agency') {
      assertMayReadTask(actor, task, await this.tasking.successions([task.leadAgency, ...task.coordinatingAgencies], this.clock.now()));
    }
    const stream = streams.get(followUpStreamId(taskId))!;
    const state = this.reader.fold<MessageStreamState>(messageStreamDecider, stream);
    const messages = stream.events.filter((e) => e.type !== 'ReminderDelivered' && e.type !== 'ReminderDeliveryFailed');
    const { page, pageSize, offset } = paging(query.page, query.pageSize);
    const slice = messages.slice(offset, offset + pageSize);
    const digestIds = new Set<string>();
    for (const event of slice) {
      for (const d of (event.data as { deliveries: PlannedDelivery[] }).deliveries) {
        if (d.mode === 'digest' && d.digestDate) digestIds.add(digestStreamId(d.agency, d.digestDate));
      }
    }
    const digests = digestIds.size ? await this.reader.readStreams([...digestIds]) : new Map();
    const items = slice.map((recorded): ReminderView => {
      const event = { type: recorded.type, data: recorded.data } as MessageEvent;
      const data = event.data as unknown as Record<string, unknown> & { deliveries: PlannedDelivery[] };
      const followUp = event.type === 'FollowUpSent';
      return {
        messageId: data.messageId as string,
        type: event.type,
        kind: followUp ? 'follow_up' : (data.kind as 'reminder' | 'escalation'),
        stageKey: (data.stageKey as string) ?? null,
        periodId: (data.periodId as string | null) ?? null,
        dueAt: (data.dueAt as string) ?? null,
        dueDate: (data.dueDate as string) ?? null,
        scheduledFor: (data.scheduledFor as string) ?? null,
        sentAt: (followUp ? data.sentAt : data.firedAt) as string,
        late: data.late === true,
        lateByMs: Number(data.lateByMs ?? 0),
        sentBy: followUp ? (data.sentBy as string) : null,
        recipients: data.recipients as { agency: string; audience: string }[],
        subject: data.subject as string,
        text: data.text as string,
        position: recorded.globalPosition,
        deliveries: data.deliveries.map((d) => this.deliveryView(d, data.messageId as string, state, digests)),
      };
    });
    return { items, page, pageSize, total: messages.length };
  }

  private deliveryView(
    delivery: PlannedDelivery,
    messageId: string,
    state: MessageStreamState,
    digests: Map<string, { events: { type: string; data: unknown }[] }>,
  ): DeliveryView {
    const view: DeliveryView = {
      ...delivery,
      status: delivery.channel === 'inbox' ? 'in_inbox' : 'pending',
      attempts: null,
      at: null,
      response: null,
      error: null,
      receiverKey: null,
    };
    let outcome = state.outcomes.get(delivery.deliveryId);
    if (!outcome && delivery.mode === 'digest' && delivery.digestDate) {
      // Sent within a digest: the digest's delivery by the same channel tells how it ended.
      const stream = digests.get(digestStreamId(delivery.agency, delivery.digestDate));
      const digestState = stream ? this.reader.fold<MessageStreamState>(messageStreamDecider, stream as never) : null;
      const digest = stream?.events.find(
        (e) => e.type === 'DigestSent' && (e.data as DigestSent['data']).items.some((i) => i.messageId === messageId),
      ) as { data: DigestSent['data'] } | undefined;
      const sameChannel = digest?.data.deliveries.find((d) => d.channel === delivery.channel);
      if (!digest) view.status = 'in_digest';
      else if (sameChannel) outcome = digestState?.outcomes.get(sameChannel.deliveryId);
      if (digest && !outcome) view.status = 'in_digest';
    }
    if (outcome) {
      view.attempts = outcome.data.attempts;
      view.receiverKey = outcome.data.receiverKey;
      if (outcome.type === 'ReminderDelivered') {
        view.status = 'delivered';
        view.at = outcome.data.deliveredAt;
        view.response = outcome.data.response;
      } else {
        view.status = 'failed';
        view.at = outcome.data.failedAt;
        view.error = outcome.data.error;
      }
    }
    return view;
  }

  /** An agency's inbox, newest first. Officers read their own agency's; oversight roles any. */
  async inbox(agency: string, actor: Actor, query: { page?: number; pageSize?: number } = {}): Promise<Page<InboxItem>> {
    assertFollowUpRole(actor, 'ReadReminders');
    if ((actor.role === 'agency' || actor.role === 'monitoring') && actor.agency !== agency) {
      throw FollowUpErrors.notYourAgency(agency);
    }
    const { page, pageSize, offset } = paging(query.page, query.pageSize);
    const [rows, count] = await Promise.all([
      this.pool.query(
        `SELECT message_id, type, kind, task_id, plan_id, period_id, audience, subject, body, due_at, sent_at, late
           FROM follow_up_inbox WHERE agency = $1 ORDER BY sent_at DESC, position DESC, audience LIMIT $2 OFFSET $3`,
        [agency, pageSize, offset],
      ),
      this.pool.query('SELECT count(*)::int AS n FROM follow_up_inbox WHERE agency = $1', [agency]),
    ]);
    return {
      items: rows.rows.map((r) => ({
        messageId: r.message_id,
        type: r.type,
        kind: r.kind,
        taskId: r.task_id,
        planId: r.plan_id,
        periodId: r.period_id,
        audience: r.audience,
        subject: r.subject,
        body: r.body,
        dueAt: r.due_at ? r.due_at.toISOString() : null,
        sentAt: r.sent_at.toISOString(),
        late: r.late,
      })),
      page,
      pageSize,
      total: count.rows[0].n,
    };
  }
}
