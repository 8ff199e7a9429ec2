import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { CommandContext, CommandRunner, metadataFor } from '@dondoc/event-store/decider/command-runner';
import { WrongExpectedVersionError } from '@dondoc/event-store/errors';
import { EventStore } from '@dondoc/event-store/event-store';
import { MessageStreamCommand } from '../domain/follow-up.commands';
import { SYSTEM_ACTOR } from '@dondoc/platform/auth/actor';
import { DigestItem, DigestSentData, MessageEvent, PlannedDelivery } from '../domain/follow-up.events';
import {
  deliveredCommandId,
  deliveryFailedCommandId,
  digestCommandId,
  digestMessageId,
  digestStreamId,
  followUpStreamId,
  stageCommandId,
  stageIdOf,
  stageMessageId,
} from '../domain/follow-up.ids';
import { digestMessage } from '../domain/messages';
import { deliveriesWithoutOutcome, findDelivery, MessageStreamState, messageStreamDecider } from '../domain/message-stream.decider';
import { decideStage, nextDigestInstantMs, nextPendingStage, planDeliveries, SkipReason, stageMessageData } from '../domain/stage-firing';
import { FollowUpReader } from '../application/follow-up-reader';
import { SecretSealer } from '../application/secret-sealer';
import { EmailChannel } from './channels/email.channel';
import { WebhookChannel } from './channels/webhook.channel';
import { DeliverJobData, FireStageJobData, SendDigestJobData } from './follow-up-queue';
import { FollowUpScheduler, PendingDelivery } from './follow-up-scheduler';

export type Failpoint = '' | 'after-reminder-sent' | 'after-delivery-sent';

/** What a job did: done, nothing to do (with the reason), or come back at `untilMs` (business time). */
export type DispatchResult =
  | { outcome: 'completed'; detail?: string }
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'wait'; untilMs: number }
  /** A delivery attempt failed and will be retried by the queue. */
  | { outcome: 'retry'; error: Error };

export interface DispatcherOptions {
  horizonMs: number;
  failpoint: Failpoint;
}

/**
 * The work of the follow-up jobs, each re-reading the truth from the event store:
 * - a stage decides against the task, its plan's stages, the calendar and the stages already
 *   sent; when it fires it appends ReminderSent / ObligationEscalated (command id
 *   `reminder/<stageId>`: a second worker or a replayed job appends nothing) BEFORE anything
 *   is delivered, then queues the deliveries and the obligation's next stage;
 * - a delivery finds its planned delivery in the message's stream, does nothing when an
 *   outcome is recorded, sends, and records ReminderDelivered (or, after the last attempt,
 *   ReminderDeliveryFailed);
 * - a digest records DigestSent with the items not yet digested, then delivers it.
 */
export class FollowUpDispatcher {
  private readonly logger = new Logger(FollowUpDispatcher.name);

  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly runner: CommandRunner,
    private readonly reader: FollowUpReader,
    private readonly scheduler: FollowUpScheduler,
    private readonly email: EmailChannel,
    private readonly webhook: WebhookChannel,
    private readonly sealer: SecretSealer,
    private readonly options: DispatcherOptions,
  ) {}

  private context(now: Date, commandId: string, causationId: string | null = null): CommandContext {
    return { actor: SYSTEM_ACTOR, commandId, now, causationId };
  }

  async fireStage(job: FireStageJobData, now: Date): Promise<DispatchResult> {
    const nowIso = now.toISOString();
    const streamId = followUpStreamId(job.taskId);
    const reading = await this.reader.stageReading(job.taskId, { planId: job.planId, dueAt: job.dueAt, leadAgency: job.leadAgency }, nowIso);
    if (!reading) return { outcome: 'skipped', reason: SkipReason.TaskNotFound };
    const ref = { taskId: job.taskId, periodId: job.periodId, stageKey: job.stageKey, dueAt: job.dueAt };
    const decision = decideStage(reading.truth, ref, nowIso);
    if (decision.outcome === 'wait') return { outcome: 'wait', untilMs: Date.parse(decision.until) };
    if (decision.outcome === 'skip') {
      if (decision.reason === SkipReason.AlreadySent) {
        // A replayed job (its worker died after the append): the message's deliveries may never
        // have been queued, and the consumer leaves that to the job that recorded it.
        const messageId = stageMessageId(stageIdOf(job.taskId, job.periodId, job.stageKey, job.dueAt));
        await this.scheduler.scheduleDeliveries(immediate(streamId, messageId, deliveriesWithoutOutcome(reading.messages, messageId)), now.getTime());
      }
      await this.scheduleNext(reading.truth, job, now.getTime(), null);
      return { outcome: 'skipped', reason: decision.reason };
    }
    const data = stageMessageData(reading.truth, decision, {
      now: nowIso,
      calendar: reading.truth.calendar,
      hours: reading.truth.hours,
      digestAtMinutes: this.reader.digestAtMinutes,
      agencyNames: reading.agencyNames,
      contacts: reading.contacts,
    });
    await this.record(
      streamId,
      { state: reading.messages, version: reading.followUpVersion },
      { type: 'RecordStageMessage', data, metadata: { actor: SYSTEM_ACTOR, now: nowIso } },
      this.context(now, stageCommandId(decision.stage.stageId)),
    );
    if (this.options.failpoint === 'after-reminder-sent') this.die('after-reminder-sent');
    // Also when the append was a duplicate (another run of this job recorded the message first):
    // the delivery job ids are deterministic, so queueing them twice queues them once.
    await this.scheduler.scheduleDeliveries(immediate(streamId, data.messageId, data.deliveries), now.getTime());
    await this.scheduleNext(reading.truth, job, now.getTime(), decision.stage.stageId);
    return { outcome: 'completed', detail: `${data.kind}${data.late ? ` late by ${data.lateByMs} ms` : ''}` };
  }

  /** The obligation's next pending stage (after the one just fired), into Redis when within the horizon. */
  private async scheduleNext(
    truth: Parameters<typeof nextPendingStage>[0],
    job: FireStageJobData,
    nowMs: number,
    firedStageId: string | null,
  ): Promise<void> {
    const sent = firedStageId ? new Set([...truth.sent, firedStageId]) : truth.sent;
    const next = nextPendingStage({ ...truth, sent }, job.taskId, job.periodId);
    if (!next || next.stageId === firedStageId || Date.parse(next.fireAt) > nowMs + this.options.horizonMs) return;
    const task = truth.task as { planId: string; leadAgency: string };
    await this.scheduler.scheduleStages(
      [{ stageId: next.stageId, taskId: next.taskId, planId: task.planId, periodId: next.periodId, stageKey: next.stageKey, dueAt: next.dueAt, fireAt: next.fireAt, leadAgency: task.leadAgency }],
      nowMs,
    );
  }

  async deliver(job: DeliverJobData, now: Date, attempt: { made: number; max: number }): Promise<DispatchResult> {
    const streams = await this.reader.readStreams([job.streamId]);
    const state = this.reader.fold<MessageStreamState>(messageStreamDecider, streams.get(job.streamId));
    const read = { state, version: streams.get(job.streamId)!.version };
    const found = findDelivery(state, job.messageId, job.deliveryId);
    if (!found) return { outcome: 'skipped', reason: 'delivery_not_found' };
    if (state.outcomes.has(job.deliveryId)) return { outcome: 'skipped', reason: 'already_recorded' };
    const { delivery, message } = found;
    if (Date.parse(delivery.notBefore) > now.getTime()) return { outcome: 'wait', untilMs: Date.parse(delivery.notBefore) };
    if (delivery.channel === 'inbox' || delivery.address === null) return { outcome: 'skipped', reason: 'inbox' };
    const attempts = attempt.made + 1;
    const base = {
      messageId: job.messageId,
      deliveryId: job.deliveryId,
      channel: delivery.channel,
      agency: delivery.agency,
      audience: delivery.audience,
      address: delivery.address,
      attempts,
    };
    const outgoing = {
      deliveryId: job.deliveryId,
      messageId: job.messageId,
      type: message.event.type,
      agency: delivery.agency,
      audience: delivery.audience,
      address: delivery.address,
      subject: message.event.data.subject,
      text: message.event.data.text,
      facts: facts(message.event),
    };
    let receipt;
    try {
      if (delivery.channel === 'email') {
        receipt = await this.email.send(outgoing);
      } else {
        const { sealedSecret } = await this.reader.agency(delivery.agency);
        if (!sealedSecret) throw new Error(`no webhook secret for ${delivery.agency}`);
        receipt = await this.webhook.send(outgoing, this.sealer.unseal(sealedSecret), Date.now());
      }
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      if (attempts < attempt.max) return { outcome: 'retry', error: err };
      await this.record(
        job.streamId,
        read,
        {
          type: 'RecordDeliveryOutcome',
          data: { ...base, outcome: 'failed', receiverKey: delivery.channel === 'email' ? '' : job.deliveryId, error: err.message.slice(0, 1000) },
          metadata: { actor: SYSTEM_ACTOR, now: now.toISOString() },
        },
        this.context(now, deliveryFailedCommandId(job.deliveryId)),
      );
      this.logger.warn(`${job.deliveryId}: failed after ${attempts} attempts: ${err.message}`);
      return { outcome: 'completed', detail: 'failed' };
    }
    if (this.options.failpoint === 'after-delivery-sent') this.die('after-delivery-sent');
    await this.record(
      job.streamId,
      read,
      {
        type: 'RecordDeliveryOutcome',
        data: { ...base, outcome: 'delivered', receiverKey: receipt.receiverKey, response: receipt.response.slice(0, 500) },
        metadata: { actor: SYSTEM_ACTOR, now: now.toISOString() },
      },
      this.context(now, deliveredCommandId(job.deliveryId)),
    );
    return { outcome: 'completed', detail: 'delivered' };
  }

  async sendDigest(job: SendDigestJobData, now: Date): Promise<DispatchResult> {
    const { rows } = await this.pool.query<{ message_id: string; stream_id: string; task_id: string; subject: string; not_before: Date }>(
      `SELECT message_id, stream_id, task_id, subject, not_before FROM follow_up_digest_items
        WHERE agency = $1 AND digest_date = $2 AND NOT digested ORDER BY not_before, message_id`,
      [job.agency, job.digestDate],
    );
    if (!rows.length) return { outcome: 'skipped', reason: 'nothing_to_digest' };
    const dueMs = Math.max(...rows.map((r) => r.not_before.getTime()));
    if (dueMs > now.getTime()) return { outcome: 'wait', untilMs: dueMs };
    const streamId = digestStreamId(job.agency, job.digestDate);
    const streams = await this.reader.readStreams([streamId]);
    const state = this.reader.fold<MessageStreamState>(messageStreamDecider, streams.get(streamId));
    const items: DigestItem[] = rows
      .filter((r) => !state.digested.has(r.message_id))
      .map((r) => ({ messageId: r.message_id, streamId: r.stream_id, taskId: r.task_id, subject: r.subject }));
    if (!items.length) return { outcome: 'skipped', reason: 'already_digested' };
    const batch = state.digestBatches + 1;
    const agency = await this.reader.agency(job.agency);
    const messageId = digestMessageId(job.agency, job.digestDate, batch);
    const calendar = await this.reader.calendar(now.toISOString());
    const contacts = new Map(agency.contacts ? [[job.agency, { ...agency.contacts, digest: false }]] : []);
    const deliveries = planDeliveries(messageId, [{ agency: job.agency, audience: 'agency' }], contacts, {
      now: now.toISOString(),
      calendar,
      hours: this.reader.hours,
      digestAtMinutes: this.reader.digestAtMinutes,
    }).filter((d) => d.channel !== 'inbox');
    const content = digestMessage(agency.name, job.digestDate, items);
    const data: DigestSentData = {
      agency: job.agency,
      digestDate: job.digestDate,
      batch,
      messageId,
      items,
      deliveries,
      subject: content.subject,
      text: content.text,
      sentAt: now.toISOString(),
    };
    // Its deliveries are queued by the follow-up consumer when it reads DigestSent.
    await this.runner.run(
      messageStreamDecider,
      streamId,
      { type: 'RecordDigest', data, metadata: { actor: SYSTEM_ACTOR, now: now.toISOString() } },
      this.context(now, digestCommandId(job.agency, job.digestDate, batch)),
    );
    return { outcome: 'completed', detail: `${items.length} items` };
  }

  /**
   * Decides on the state the job has just read and appends with that version: two round trips
   * for a whole job (read, append). The command id makes a replay append nothing; when another
   * writer moved the stream meanwhile (an outcome of a sibling delivery), the CommandRunner
   * reads it again and decides anew.
   */
  private async record(
    streamId: string,
    read: { state: MessageStreamState; version: number },
    command: MessageStreamCommand,
    context: CommandContext,
  ): Promise<{ eventCount: number }> {
    const events = messageStreamDecider.decide(command, read.state);
    if (events.length === 0) return { eventCount: 0 };
    try {
      const result = await this.store.append(streamId, read.version, events, { commandId: context.commandId, metadata: metadataFor(context, context.commandId!) });
      return { eventCount: result.duplicate ? 0 : events.length };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      return this.runner.run(messageStreamDecider, streamId, command, context);
    }
  }

  /** The next digest instant of a date, for scheduling. */
  digestInstantMs(digestDate: string, calendar: Parameters<typeof nextDigestInstantMs>[1]): number {
    return nextDigestInstantMs(Date.parse(`${digestDate}T00:00:00+07:00`), calendar, this.reader.digestAtMinutes);
  }

  /** Fault injection for the crash tests (FOLLOW_UP_FAILPOINT): the process dies on the spot, as a power cut would. */
  private die(point: string): never {
    this.logger.error(`FOLLOW_UP_FAILPOINT ${point}: killing the worker`);
    process.kill(process.pid, 'SIGKILL');
    throw new Error('unreachable');
  }
}

/** The deliveries of a message that go out one by one (not the inbox, not the digest). */
function immediate(streamId: string, messageId: string, deliveries: readonly PlannedDelivery[]): PendingDelivery[] {
  return deliveries
    .filter((d) => d.channel !== 'inbox' && d.mode === 'immediate')
    .map((d) => ({ streamId, messageId, deliveryId: d.deliveryId, notBefore: d.notBefore }));
}

/** The facts a webhook receiver gets besides the text. */
function facts(event: MessageEvent): Record<string, unknown> {
  const data = event.data as unknown as Record<string, unknown>;
  const keys = ['taskId', 'planId', 'periodId', 'stageKey', 'kind', 'leadAgency', 'taskTitle', 'dueDate', 'dueAt', 'late', 'scheduledFor', 'firedAt', 'sentAt', 'digestDate', 'items'];
  return Object.fromEntries(keys.filter((k) => data[k] !== undefined).map((k) => [k, data[k]]));
}
