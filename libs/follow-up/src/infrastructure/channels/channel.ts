import { createHash } from 'node:crypto';

/** What a channel sends: one message to one address. */
export interface OutgoingMessage {
  deliveryId: string;
  messageId: string;
  /** The event type that recorded the message (ReminderSent, ObligationEscalated, FollowUpSent, DigestSent). */
  type: string;
  agency: string;
  audience: string;
  address: string;
  subject: string;
  text: string;
  /** Facts a gateway may use (task, period, deadline), as recorded in the event. */
  facts: Record<string, unknown>;
}

export interface ChannelReceipt {
  /** What the receiver deduplicates on: the SMTP Message-ID or the webhook Idempotency-Key. */
  receiverKey: string;
  /** SMTP reply or HTTP status line. */
  response: string;
}

/**
 * The Message-ID of a delivery: the same for every attempt of it, so that a mail store that
 * suppresses duplicates by Message-ID (and every mail client's threading) sees one message.
 */
export function messageIdHeader(deliveryId: string, domain = 'dondoc.local'): string {
  return `<${createHash('sha256').update(deliveryId, 'utf8').digest('hex').slice(0, 40)}@${domain}>`;
}
