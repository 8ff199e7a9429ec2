import { Actor } from '@dondoc/platform/auth/actor';
import { Instant, LocalDate } from './follow-up.types';
import { DeliveryOutcomeBase, DigestSentData, FollowUpSentData, StageMessageData } from './follow-up.events';
import { ReminderStage } from './reminder-stages';

/** Who sends a command and when: built at the edge from the bearer token and the injected clock. */
export interface FollowUpCommandMetadata {
  actor: Actor;
  now: Instant;
}

interface Command<TType extends string, TData> {
  type: TType;
  data: TData;
  metadata: FollowUpCommandMetadata;
}

/** Declares a day off (e.g. a compensatory day announced for the year) in `calendar-<year>`. */
export type DeclareDayOff = Command<'DeclareDayOff', { year: number; date: LocalDate; reason: string }>;
/** Declares a make-up working day (làm bù), e.g. a Saturday worked for a bridge day off. */
export type DeclareWorkingDay = Command<'DeclareWorkingDay', { year: number; date: LocalDate; reason: string }>;
export type CalendarCommand = DeclareDayOff | DeclareWorkingDay;

export type ConfigureReminderStages = Command<
  'ConfigureReminderStages',
  { planId: string; stages: ReminderStage[]; committeeAgency: string | null }
>;

export type SetAgencyContacts = Command<
  'SetAgencyContacts',
  {
    agency: string;
    email: string | null;
    headEmail: string | null;
    webhookUrl: string | null;
    /** Sealed by the handler; `undefined` keeps the secret already set. */
    webhookSecretSealed: string | null | undefined;
    digest: boolean;
  }
>;

/** Commands of message streams (`followup-<taskId>`, `digest-<CODE>-<date>`); issued by the system and the monitoring agency. */
export type RecordStageMessage = Command<'RecordStageMessage', StageMessageData>;
export type SendFollowUp = Command<'SendFollowUp', FollowUpSentData>;
export type RecordDigest = Command<'RecordDigest', DigestSentData>;
export type RecordDeliveryOutcome = Command<
  'RecordDeliveryOutcome',
  | (DeliveryOutcomeBase & { outcome: 'delivered'; receiverKey: string; response: string })
  | (DeliveryOutcomeBase & { outcome: 'failed'; receiverKey: string; error: string })
>;
export type MessageStreamCommand = RecordStageMessage | SendFollowUp | RecordDigest | RecordDeliveryOutcome;
