import { WorkingCalendar } from '@dondoc/calendar';
import { instantMs, localDateOf } from '@dondoc/calendar/local-date';
import { PlanIssuedData } from '@dondoc/tasking/domain/plan.events';
import { TaskState } from '@dondoc/tasking/domain/task.decider';
import { deliveryIdOf, stageIdOf, stageMessageId } from './follow-up.ids';
import { PlannedDelivery, Recipient, StageMessageData } from './follow-up.events';
import { Channel, Instant, LocalDate, StageRecipient } from './follow-up.types';
import { stageMessage } from './messages';
import { Obligation, obligationsOfTask } from './obligations';
import { ReminderStage, ReminderStagesConfig, StageInstance, stageInstances } from './reminder-stages';
import { localInstantMs, nextWorkingInstantMs, WorkingHours } from './working-hours';

/** A stage fired more than this after its time is marked late (and says so). */
export const LATE_AFTER_MS = 60_000;

/** Everything a stage is decided on, read from the event store when the job fires. */
export interface StageTruth {
  task: TaskState;
  plan: PlanIssuedData | null;
  config: ReminderStagesConfig;
  /** With every amendment declared so far. */
  calendar: WorkingCalendar;
  hours: WorkingHours;
  /** Stage ids already recorded (ReminderSent / ObligationEscalated) in the task's follow-up stream. */
  sent: ReadonlySet<string>;
}

/** What a stage job names: ids only. */
export interface StageRef {
  taskId: string;
  periodId: string;
  stageKey: string;
  dueAt: Instant;
}

/** Why a stage sends nothing (after oskardudycz's `Ignore` with a reason). Persisted in job results and logs. */
export enum SkipReason {
  TaskNotFound = 'task_not_found',
  TaskCompleted = 'task_completed',
  TaskCancelled = 'task_cancelled',
  ObligationNotFound = 'obligation_not_found',
  ObligationMet = 'obligation_met',
  DeadlineExtended = 'deadline_extended',
  DeadlineMoved = 'deadline_moved',
  StageNotConfigured = 'stage_not_configured',
  StageNotArmed = 'stage_not_armed',
  AlreadySent = 'already_sent',
}

export type StageDecision =
  | { outcome: 'skip'; reason: SkipReason }
  /** The job woke early (clock skew, a rescheduled stage): wait until `until`. */
  | { outcome: 'wait'; until: Instant }
  | { outcome: 'fire'; obligation: Obligation; stage: StageInstance; definition: ReminderStage; late: boolean; lateByMs: number };

/** The obligations of the task in the truth, [] when it is not assigned. */
export function obligationsOf(truth: Pick<StageTruth, 'task' | 'plan' | 'calendar' | 'config'>): Obligation[] {
  if (truth.task.status === 'unassigned') return [];
  return obligationsOfTask(truth.task, truth.plan?.period ?? null, truth.calendar, truth.config);
}

/**
 * Decides whether a stage fires now, re-reading the truth: a completed or cancelled task, a met
 * obligation, a deadline that moved (extension, calendar amendment), a stage no longer
 * configured or already sent: nothing is sent.
 */
export function decideStage(truth: StageTruth, ref: StageRef, now: Instant): StageDecision {
  const { task } = truth;
  if (task.status === 'unassigned') return { outcome: 'skip', reason: SkipReason.TaskNotFound };
  if (task.status === 'completed') return { outcome: 'skip', reason: SkipReason.TaskCompleted };
  if (task.status === 'cancelled') return { outcome: 'skip', reason: SkipReason.TaskCancelled };
  const obligation = obligationsOf(truth).find((o) => o.periodId === ref.periodId);
  if (!obligation) return { outcome: 'skip', reason: SkipReason.ObligationNotFound };
  if (obligation.met) return { outcome: 'skip', reason: SkipReason.ObligationMet };
  if (instantMs(obligation.dueAt) !== instantMs(ref.dueAt)) {
    const extended = obligation.extensionId !== null && instantMs(obligation.dueAt) > instantMs(ref.dueAt);
    return { outcome: 'skip', reason: extended ? SkipReason.DeadlineExtended : SkipReason.DeadlineMoved };
  }
  const definition = truth.config.stages.find((s) => s.key === ref.stageKey);
  if (!definition) return { outcome: 'skip', reason: SkipReason.StageNotConfigured };
  const stage = stageInstances(obligation, truth.config.stages, truth.calendar, truth.hours).find((s) => s.stageKey === ref.stageKey)!;
  if (!stage.armed) return { outcome: 'skip', reason: SkipReason.StageNotArmed };
  if (truth.sent.has(stage.stageId)) return { outcome: 'skip', reason: SkipReason.AlreadySent };
  const lateByMs = instantMs(now) - instantMs(stage.fireAt);
  if (lateByMs < 0) return { outcome: 'wait', until: stage.fireAt };
  return { outcome: 'fire', obligation, stage, definition, late: lateByMs > LATE_AFTER_MS, lateByMs };
}

/** Stages still to fire: armed, not sent, of open obligations of an active task, in firing order. */
export function pendingStages(truth: StageTruth): StageInstance[] {
  if (truth.task.status !== 'active') return [];
  const pending: StageInstance[] = [];
  for (const obligation of obligationsOf(truth)) {
    if (obligation.met) continue;
    for (const stage of stageInstances(obligation, truth.config.stages, truth.calendar, truth.hours)) {
      if (stage.armed && !truth.sent.has(stage.stageId)) pending.push(stage);
    }
  }
  return pending.sort((a, b) => Date.parse(a.fireAt) - Date.parse(b.fireAt) || a.order - b.order);
}

/** The next stage of the same obligation after the one that just fired (or the first pending). */
export function nextPendingStage(truth: StageTruth, taskId: string, periodId: string): StageInstance | null {
  return pendingStages(truth).find((s) => s.taskId === taskId && s.periodId === periodId) ?? null;
}

/** Where an agency receives messages (from `contacts-<CODE>`), secrets left out. */
export interface AgencyContacts {
  agency: string;
  email: string | null;
  headEmail: string | null;
  webhookUrl: string | null;
  digest: boolean;
}

/** The agencies a stage addresses: its lead agency, its head, the monitoring agency, the committee. */
export function resolveRecipients(
  to: readonly StageRecipient[],
  leadAgency: string,
  plan: PlanIssuedData | null,
  config: Pick<ReminderStagesConfig, 'committeeAgency'>,
): Recipient[] {
  const recipients: Recipient[] = [];
  for (const audience of to) {
    const agency =
      audience === 'agency' || audience === 'agency_head'
        ? leadAgency
        : audience === 'monitoring'
          ? (plan?.monitoringAgency ?? null)
          : (config.committeeAgency ?? plan?.issuerAgency ?? null);
    if (agency && !recipients.some((r) => r.agency === agency && r.audience === audience)) recipients.push({ agency, audience });
  }
  return recipients;
}

export interface DeliveryPlanContext {
  now: Instant;
  calendar: WorkingCalendar;
  hours: WorkingHours;
  /** Local time of the daily digest, minutes after midnight. */
  digestAtMinutes: number;
}

/** The first digest time at or after `ms`: DIGEST_AT on a working day. */
export function nextDigestInstantMs(ms: number, calendar: WorkingCalendar, digestAtMinutes: number): number {
  const today = localDateOf(new Date(ms));
  const todayAt = localInstantMs(today, digestAtMinutes);
  if (calendar.isWorkingDay(today) && ms <= todayAt) return todayAt;
  return localInstantMs(calendar.nextWorkingDay(today), digestAtMinutes);
}

/**
 * One delivery per recipient and channel the recipient has: e-mail (to the head's address for
 * `agency_head`), webhook, and always the in-app inbox. E-mail and webhook wait for working
 * hours, or for the daily digest when the agency chose one; the inbox is immediate.
 */
export function planDeliveries(
  messageId: string,
  recipients: readonly Recipient[],
  contacts: ReadonlyMap<string, AgencyContacts>,
  context: DeliveryPlanContext,
): PlannedDelivery[] {
  const nowMs = instantMs(context.now);
  const workingMs = nextWorkingInstantMs(nowMs, context.calendar, context.hours);
  const deliveries: PlannedDelivery[] = [];
  const seen = new Set<string>();
  const add = (recipient: Recipient, channel: Channel, address: string | null, digest: boolean) => {
    const key = `${channel}|${recipient.agency}|${address ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    let notBefore = channel === 'inbox' ? nowMs : workingMs;
    let digestDate: LocalDate | null = null;
    if (digest && channel !== 'inbox') {
      notBefore = nextDigestInstantMs(nowMs, context.calendar, context.digestAtMinutes);
      digestDate = localDateOf(new Date(notBefore));
    }
    deliveries.push({
      deliveryId: deliveryIdOf(messageId, channel, recipient.agency, recipient.audience),
      channel,
      agency: recipient.agency,
      audience: recipient.audience,
      address,
      mode: digestDate ? 'digest' : 'immediate',
      digestDate,
      notBefore: new Date(notBefore).toISOString(),
    });
  };
  for (const recipient of recipients) {
    const contact = contacts.get(recipient.agency);
    const email = recipient.audience === 'agency_head' ? (contact?.headEmail ?? contact?.email ?? null) : (contact?.email ?? null);
    if (email) add(recipient, 'email', email, contact?.digest ?? false);
    if (contact?.webhookUrl) add(recipient, 'webhook', contact.webhookUrl, contact.digest);
    add(recipient, 'inbox', null, false);
  }
  return deliveries;
}

export interface StageMessageContext extends DeliveryPlanContext {
  agencyNames: ReadonlyMap<string, string>;
  contacts: ReadonlyMap<string, AgencyContacts>;
}

/** The ReminderSent / ObligationEscalated data of a stage that fires. */
export function stageMessageData(
  truth: StageTruth,
  decision: Extract<StageDecision, { outcome: 'fire' }>,
  context: StageMessageContext,
): StageMessageData {
  const task = truth.task as Exclude<TaskState, { status: 'unassigned' }>;
  const { stage, obligation, definition } = decision;
  const recipients = resolveRecipients(definition.to, task.leadAgency, truth.plan, truth.config);
  const messageId = stageMessageId(stage.stageId);
  const name = (code: string) => context.agencyNames.get(code) ?? code;
  const addressees = recipients.map((r) => (r.audience === 'agency_head' ? `Thủ trưởng ${name(r.agency)}` : name(r.agency)));
  const content = stageMessage({
    kind: stage.kind,
    offsetWorkingDays: definition.offsetWorkingDays,
    stageId: stage.stageId,
    taskTitle: task.title,
    planNumber: truth.plan?.number ?? null,
    leadAgency: task.leadAgency,
    leadAgencyName: name(task.leadAgency),
    addressees,
    periodId: stage.periodId,
    dueDate: stage.dueDate,
    extended: obligation.extensionId !== null,
    late: decision.late,
    scheduledFor: stage.fireAt,
  });
  return {
    taskId: task.taskId,
    planId: task.planId,
    periodId: stage.periodId,
    stageId: stage.stageId,
    stageKey: stage.stageKey,
    kind: stage.kind,
    messageId,
    leadAgency: task.leadAgency,
    taskTitle: task.title,
    dueDate: stage.dueDate,
    dueAt: stage.dueAt,
    extensionId: obligation.extensionId,
    scheduledFor: stage.fireAt,
    firedAt: new Date(instantMs(context.now)).toISOString(),
    late: decision.late,
    lateByMs: Math.max(0, decision.lateByMs),
    recipients,
    deliveries: planDeliveries(messageId, recipients, context.contacts, context),
    subject: content.subject,
    text: content.text,
  };
}

export { stageIdOf };
