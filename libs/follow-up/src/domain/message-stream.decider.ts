import { assertNever, Decider } from '@dondoc/event-store/decider/decider';
import { assertFollowUpRole } from './authorization';
import { MessageStreamCommand } from './follow-up.commands';
import {
  DeliveryOutcomeEvent,
  digestSent,
  DigestStreamEvent,
  FollowUpStreamEvent,
  followUpSent,
  MessageEvent,
  obligationEscalated,
  PlannedDelivery,
  reminderDelivered,
  reminderDeliveryFailed,
  reminderSent,
} from './follow-up.events';

export type MessageStreamEvent = FollowUpStreamEvent | DigestStreamEvent;

/** A message recorded in the stream, its planned deliveries, and the outcomes recorded so far. */
export interface RecordedMessage {
  event: MessageEvent;
  deliveries: PlannedDelivery[];
}

/** A `followup-<taskId>` or `digest-<CODE>-<date>` stream. */
export interface MessageStreamState {
  messages: Map<string, RecordedMessage>;
  /** Stage ids with a ReminderSent / ObligationEscalated. */
  sentStages: Set<string>;
  followUps: Set<string>;
  /** Digest batches already recorded. */
  digestBatches: number;
  /** Message ids already included in a digest of this stream. */
  digested: Set<string>;
  outcomes: Map<string, DeliveryOutcomeEvent>;
}

export const initialMessageStreamState = (): MessageStreamState => ({
  messages: new Map(),
  sentStages: new Set(),
  followUps: new Set(),
  digestBatches: 0,
  digested: new Set(),
  outcomes: new Map(),
});

/**
 * Records messages and delivery outcomes. A message or an outcome already recorded decides
 * nothing (the command id guards the same too): a replayed job is harmless.
 */
export function decideMessageStream(command: MessageStreamCommand, state: MessageStreamState): MessageStreamEvent[] {
  switch (command.type) {
    case 'RecordStageMessage': {
      assertFollowUpRole(command.metadata.actor, 'RecordMessage');
      if (state.sentStages.has(command.data.stageId)) return [];
      return [command.data.kind === 'escalation' ? obligationEscalated(command.data) : reminderSent(command.data)];
    }
    case 'SendFollowUp': {
      assertFollowUpRole(command.metadata.actor, 'SendFollowUp');
      if (state.followUps.has(command.data.followUpId)) return [];
      return [followUpSent(command.data)];
    }
    case 'RecordDigest': {
      assertFollowUpRole(command.metadata.actor, 'RecordMessage');
      if (command.data.batch !== state.digestBatches + 1) return [];
      const items = command.data.items.filter((item) => !state.digested.has(item.messageId));
      if (items.length === 0) return [];
      return [digestSent({ ...command.data, items })];
    }
    case 'RecordDeliveryOutcome': {
      assertFollowUpRole(command.metadata.actor, 'RecordMessage');
      if (state.outcomes.has(command.data.deliveryId)) return [];
      const { outcome, ...rest } = command.data;
      const at = command.metadata.now;
      if (outcome === 'delivered') {
        const { receiverKey, response } = command.data as Extract<typeof command.data, { outcome: 'delivered' }>;
        return [reminderDelivered({ ...base(rest), receiverKey, response, deliveredAt: at })];
      }
      const { receiverKey, error } = command.data as Extract<typeof command.data, { outcome: 'failed' }>;
      return [reminderDeliveryFailed({ ...base(rest), receiverKey, error, failedAt: at })];
    }
    default:
      return assertNever(command, 'message stream command');
  }
}

function base(data: { messageId: string; deliveryId: string; channel: PlannedDelivery['channel']; agency: string; audience: PlannedDelivery['audience']; address: string | null; attempts: number }) {
  const { messageId, deliveryId, channel, agency, audience, address, attempts } = data;
  return { messageId, deliveryId, channel, agency, audience, address, attempts };
}

export function evolveMessageStream(state: MessageStreamState, event: MessageStreamEvent): MessageStreamState {
  const next: MessageStreamState = {
    messages: new Map(state.messages),
    sentStages: new Set(state.sentStages),
    followUps: new Set(state.followUps),
    digestBatches: state.digestBatches,
    digested: new Set(state.digested),
    outcomes: new Map(state.outcomes),
  };
  switch (event.type) {
    case 'ReminderSent':
    case 'ObligationEscalated':
      next.sentStages.add(event.data.stageId);
      next.messages.set(event.data.messageId, { event, deliveries: event.data.deliveries });
      return next;
    case 'FollowUpSent':
      next.followUps.add(event.data.followUpId);
      next.messages.set(event.data.messageId, { event, deliveries: event.data.deliveries });
      return next;
    case 'DigestSent':
      next.digestBatches = Math.max(next.digestBatches, event.data.batch);
      for (const item of event.data.items) next.digested.add(item.messageId);
      next.messages.set(event.data.messageId, { event, deliveries: event.data.deliveries });
      return next;
    case 'ReminderDelivered':
    case 'ReminderDeliveryFailed':
      next.outcomes.set(event.data.deliveryId, event);
      return next;
    default:
      return assertNever(event, 'message stream event');
  }
}

export const messageStreamDecider: Decider<MessageStreamCommand, MessageStreamState, MessageStreamEvent> = {
  initialState: initialMessageStreamState,
  decide: decideMessageStream,
  evolve: evolveMessageStream,
};

/** The planned deliveries of a message that have no recorded outcome yet ([] for an unknown message). */
export function deliveriesWithoutOutcome(state: MessageStreamState, messageId: string): PlannedDelivery[] {
  return (state.messages.get(messageId)?.deliveries ?? []).filter((d) => !state.outcomes.has(d.deliveryId));
}

/** The planned delivery `deliveryId` of a stream, with its message. */
export function findDelivery(state: MessageStreamState, messageId: string, deliveryId: string): { message: RecordedMessage; delivery: PlannedDelivery } | null {
  const message = state.messages.get(messageId);
  const delivery = message?.deliveries.find((d) => d.deliveryId === deliveryId);
  return message && delivery ? { message, delivery } : null;
}
