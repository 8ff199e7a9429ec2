import { Channel, FollowUpEventOf, Instant, LocalDate, StageKind, StageRecipient } from './follow-up.types';
import { ReminderStage } from './reminder-stages';

/** Persisted event type strings of the follow-up context: never rename. */
export const FollowUpEventType = {
  /** `calendar-<year>` */
  DayOffDeclared: 'DayOffDeclared',
  WorkingDayDeclared: 'WorkingDayDeclared',
  /** `reminder-stages-<planId>` */
  ReminderStagesConfigured: 'ReminderStagesConfigured',
  /** `contacts-<CODE>` */
  AgencyContactsSet: 'AgencyContactsSet',
  /** `followup-<taskId>` */
  ReminderSent: 'ReminderSent',
  ObligationEscalated: 'ObligationEscalated',
  FollowUpSent: 'FollowUpSent',
  /** `followup-<taskId>` and `digest-<CODE>-<date>` */
  ReminderDelivered: 'ReminderDelivered',
  ReminderDeliveryFailed: 'ReminderDeliveryFailed',
  /** `digest-<CODE>-<date>` */
  DigestSent: 'DigestSent',
} as const;
type T = typeof FollowUpEventType;
export type FollowUpEventTypeName = T[keyof T];

/** Current schema version of each event type; raise it with an upcaster when a shape changes. */
export const FOLLOW_UP_EVENT_SCHEMA_VERSIONS: Readonly<Record<keyof T, number>> = {
  DayOffDeclared: 1,
  WorkingDayDeclared: 1,
  ReminderStagesConfigured: 1,
  AgencyContactsSet: 1,
  ReminderSent: 1,
  ObligationEscalated: 1,
  FollowUpSent: 1,
  ReminderDelivered: 1,
  ReminderDeliveryFailed: 1,
  DigestSent: 1,
};

export interface CalendarDayDeclaredData {
  year: number;
  date: LocalDate;
  /** Vietnamese, e.g. "Nghỉ bù Quốc khánh theo Thông báo số …". */
  reason: string;
  /** When it was declared; deadlines that had already passed then keep their status. */
  declaredAt: Instant;
}

export interface ReminderStagesConfiguredData {
  planId: string;
  stages: ReminderStage[];
  /** Agency that receives `committee` stages; null = the plan's issuer. */
  committeeAgency: string | null;
  configuredAt: Instant;
}

export interface AgencyContactsSetData {
  agency: string;
  email: string | null;
  /** The head's (thủ trưởng) address for `agency_head` stages; null = `email`. */
  headEmail: string | null;
  webhookUrl: string | null;
  /**
   * The webhook signing secret, sealed (AES-256-GCM) with a key from the environment: the event
   * store is readable by auditors and never rewritten, so the secret is never stored in clear.
   */
  webhookSecretSealed: string | null;
  /** One daily digest instead of one e-mail / webhook call per item (the inbox is always immediate). */
  digest: boolean;
  setAt: Instant;
}

/** One message to one agency by one channel, planned when the message is recorded. */
export interface PlannedDelivery {
  deliveryId: string;
  channel: Channel;
  agency: string;
  audience: StageRecipient;
  /** E-mail address or webhook URL at the time of sending; null for the inbox. */
  address: string | null;
  /** `digest`: sent with the agency's daily digest of `digestDate`. */
  mode: 'immediate' | 'digest';
  digestDate: LocalDate | null;
  /** Not delivered before this instant (the next working-hours start). */
  notBefore: Instant;
}

export interface Recipient {
  agency: string;
  audience: StageRecipient;
}

/** The content of a stage's message, and the facts it was decided on. */
export interface StageMessageData {
  taskId: string;
  planId: string;
  periodId: string;
  stageId: string;
  stageKey: string;
  kind: StageKind;
  messageId: string;
  leadAgency: string;
  taskTitle: string;
  /** The deadline in force (after any extension) and the day it falls on. */
  dueDate: LocalDate;
  dueAt: Instant;
  extensionId: string | null;
  /** When the stage was due to fire, and when it did; `late` when more than a minute after. */
  scheduledFor: Instant;
  firedAt: Instant;
  late: boolean;
  lateByMs: number;
  recipients: Recipient[];
  deliveries: PlannedDelivery[];
  subject: string;
  text: string;
}

export interface FollowUpSentData {
  taskId: string;
  planId: string;
  followUpId: string;
  messageId: string;
  periodId: string | null;
  leadAgency: string;
  taskTitle: string;
  /** The monitoring agency that follows up (đôn đốc), and the officer. */
  fromAgency: string | null;
  sentBy: string;
  /** The officer's own words. */
  note: string;
  recipients: Recipient[];
  deliveries: PlannedDelivery[];
  subject: string;
  text: string;
  sentAt: Instant;
}

export interface DeliveryOutcomeBase {
  messageId: string;
  deliveryId: string;
  channel: Channel;
  agency: string;
  audience: StageRecipient;
  address: string | null;
  /** Attempts made, this one included. */
  attempts: number;
}

export interface ReminderDeliveredData extends DeliveryOutcomeBase {
  /** SMTP Message-ID or webhook Idempotency-Key: what the receiver can deduplicate on. */
  receiverKey: string;
  /** SMTP reply or HTTP status line. */
  response: string;
  deliveredAt: Instant;
}

export interface ReminderDeliveryFailedData extends DeliveryOutcomeBase {
  receiverKey: string;
  error: string;
  failedAt: Instant;
}

export interface DigestItem {
  messageId: string;
  streamId: string;
  taskId: string;
  subject: string;
}

export interface DigestSentData {
  agency: string;
  digestDate: LocalDate;
  batch: number;
  messageId: string;
  items: DigestItem[];
  deliveries: PlannedDelivery[];
  subject: string;
  text: string;
  sentAt: Instant;
}

export type DayOffDeclared = FollowUpEventOf<T['DayOffDeclared'], CalendarDayDeclaredData>;
export type WorkingDayDeclared = FollowUpEventOf<T['WorkingDayDeclared'], CalendarDayDeclaredData>;
export type ReminderStagesConfigured = FollowUpEventOf<T['ReminderStagesConfigured'], ReminderStagesConfiguredData>;
export type AgencyContactsSet = FollowUpEventOf<T['AgencyContactsSet'], AgencyContactsSetData>;
export type ReminderSent = FollowUpEventOf<T['ReminderSent'], StageMessageData>;
export type ObligationEscalated = FollowUpEventOf<T['ObligationEscalated'], StageMessageData>;
export type FollowUpSent = FollowUpEventOf<T['FollowUpSent'], FollowUpSentData>;
export type ReminderDelivered = FollowUpEventOf<T['ReminderDelivered'], ReminderDeliveredData>;
export type ReminderDeliveryFailed = FollowUpEventOf<T['ReminderDeliveryFailed'], ReminderDeliveryFailedData>;
export type DigestSent = FollowUpEventOf<T['DigestSent'], DigestSentData>;

export type CalendarEvent = DayOffDeclared | WorkingDayDeclared;
export type DeliveryOutcomeEvent = ReminderDelivered | ReminderDeliveryFailed;
/** Events of `followup-<taskId>` streams. */
export type FollowUpStreamEvent = ReminderSent | ObligationEscalated | FollowUpSent | DeliveryOutcomeEvent;
/** Events of `digest-<CODE>-<date>` streams. */
export type DigestStreamEvent = DigestSent | DeliveryOutcomeEvent;
export type MessageEvent = ReminderSent | ObligationEscalated | FollowUpSent | DigestSent;

export type FollowUpEvent =
  | CalendarEvent
  | ReminderStagesConfigured
  | AgencyContactsSet
  | ReminderSent
  | ObligationEscalated
  | FollowUpSent
  | ReminderDelivered
  | ReminderDeliveryFailed
  | DigestSent;

const make =
  <K extends keyof T, D>(type: K) =>
  (data: D): FollowUpEventOf<T[K], D> => ({ type: FollowUpEventType[type], schemaVersion: FOLLOW_UP_EVENT_SCHEMA_VERSIONS[type], data });

export const dayOffDeclared = make<'DayOffDeclared', CalendarDayDeclaredData>('DayOffDeclared');
export const workingDayDeclared = make<'WorkingDayDeclared', CalendarDayDeclaredData>('WorkingDayDeclared');
export const reminderStagesConfigured = make<'ReminderStagesConfigured', ReminderStagesConfiguredData>('ReminderStagesConfigured');
export const agencyContactsSet = make<'AgencyContactsSet', AgencyContactsSetData>('AgencyContactsSet');
export const reminderSent = make<'ReminderSent', StageMessageData>('ReminderSent');
export const obligationEscalated = make<'ObligationEscalated', StageMessageData>('ObligationEscalated');
export const followUpSent = make<'FollowUpSent', FollowUpSentData>('FollowUpSent');
export const reminderDelivered = make<'ReminderDelivered', ReminderDeliveredData>('ReminderDelivered');
export const reminderDeliveryFailed = make<'ReminderDeliveryFailed', ReminderDeliveryFailedData>('ReminderDeliveryFailed');
export const digestSent = make<'DigestSent', DigestSentData>('DigestSent');

/** Event types that record a message (and plan its deliveries). */
export const MESSAGE_EVENT_TYPES: ReadonlySet<string> = new Set([
  FollowUpEventType.ReminderSent,
  FollowUpEventType.ObligationEscalated,
  FollowUpEventType.FollowUpSent,
  FollowUpEventType.DigestSent,
]);
export const OUTCOME_EVENT_TYPES: ReadonlySet<string> = new Set([
  FollowUpEventType.ReminderDelivered,
  FollowUpEventType.ReminderDeliveryFailed,
]);
