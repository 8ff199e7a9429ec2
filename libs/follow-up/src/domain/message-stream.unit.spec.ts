import { spec } from '@dondoc/event-store/testing';
import { monitoring, officer, system } from '../testing/follow-up.fixtures';
import { contactsDecider } from './contacts.decider';
import { agencyContactsSet, reminderDelivered, reminderSent, StageMessageData } from './follow-up.events';
import { MessageStreamCommand } from './follow-up.commands';
import { fold } from '@dondoc/event-store/decider/decider';
import { deliveriesWithoutOutcome, messageStreamDecider } from './message-stream.decider';

const now = '2021-11-23T00:30:00.000Z';
const stage: StageMessageData = {
  taskId: 't-1', planId: 'plan-118', periodId: 'due', stageId: 't-1/due/after-1/1637600400000', stageKey: 'after-1', kind: 'reminder',
  messageId: 'stage/t-1/due/after-1/1637600400000', leadAgency: 'SO_Y_TE', taskTitle: 'Kiểm tra', dueDate: '2021-11-22',
  dueAt: '2021-11-22T17:00:00.000Z', extensionId: null, scheduledFor: now, firedAt: now, late: false, lateByMs: 0,
  recipients: [{ agency: 'SO_Y_TE', audience: 'agency' }],
  deliveries: [{ deliveryId: 'd-1', channel: 'email', agency: 'SO_Y_TE', audience: 'agency', address: 'a@b.vn', mode: 'immediate', digestDate: null, notBefore: now }],
  subject: 'Nhắc việc', text: 'Nội dung',
};
const record = (actor = system, data: StageMessageData = stage): MessageStreamCommand => ({ type: 'RecordStageMessage', data, metadata: { actor, now } });
const outcome = (kind: 'delivered' | 'failed'): MessageStreamCommand => ({
  type: 'RecordDeliveryOutcome',
  data:
    kind === 'delivered'
      ? { outcome: 'delivered', messageId: stage.messageId, deliveryId: 'd-1', channel: 'email', agency: 'SO_Y_TE', audience: 'agency', address: 'a@b.vn', attempts: 1, receiverKey: '<k@dondoc>', response: '250 OK' }
      : { outcome: 'failed', messageId: stage.messageId, deliveryId: 'd-1', channel: 'email', agency: 'SO_Y_TE', audience: 'agency', address: 'a@b.vn', attempts: 3, receiverKey: '<k@dondoc>', error: 'ECONNREFUSED' },
  metadata: { actor: system, now },
});

describe('message streams (followup-<taskId>)', () => {
  it('given nothing, when a stage fires, then ReminderSent; a second time, nothing', () => {
    spec(messageStreamDecider).given([]).when(record()).then([reminderSent(stage)]);
    spec(messageStreamDecider).given([reminderSent(stage)]).when(record()).then([]);
  });

  it('an escalation stage is recorded as ObligationEscalated', () => {
    const [event] = spec(messageStreamDecider).given([]).when(record(system, { ...stage, kind: 'escalation' })).events();
    expect(event.type).toBe('ObligationEscalated');
  });

  it('only the system records stage messages', () => {
    spec(messageStreamDecider).given([]).when(record(officer)).thenThrows('ROLE_NOT_ALLOWED');
    spec(messageStreamDecider).given([]).when(record(monitoring)).thenThrows('ROLE_NOT_ALLOWED');
  });

  it('the first outcome of a delivery is recorded; a later one (a replayed job) adds nothing', () => {
    const [delivered] = spec(messageStreamDecider).given([reminderSent(stage)]).when(outcome('delivered')).events();
    expect(delivered).toEqual(
      reminderDelivered({ messageId: stage.messageId, deliveryId: 'd-1', channel: 'email', agency: 'SO_Y_TE', audience: 'agency', address: 'a@b.vn', attempts: 1, receiverKey: '<k@dondoc>', response: '250 OK', deliveredAt: now }),
    );
    spec(messageStreamDecider).given([reminderSent(stage), delivered]).when(outcome('failed')).then([]);
  });

  it('a replayed stage job queues again only the deliveries of its message that have no outcome', () => {
    const webhook = { ...stage.deliveries[0], deliveryId: 'd-2', channel: 'webhook' as const, address: 'https://sms.example.vn/hook' };
    const sent = reminderSent({ ...stage, deliveries: [stage.deliveries[0], webhook] });
    const [delivered] = spec(messageStreamDecider).given([sent]).when(outcome('delivered')).events();
    const state = fold(messageStreamDecider, [sent, delivered]);

    expect(deliveriesWithoutOutcome(state, stage.messageId).map((d) => d.deliveryId)).toEqual(['d-2']);
    expect(deliveriesWithoutOutcome(fold(messageStreamDecider, [sent]), stage.messageId).map((d) => d.deliveryId)).toEqual(['d-1', 'd-2']);
    expect(deliveriesWithoutOutcome(state, 'stage/another')).toEqual([]);
  });
});

describe('agency contacts (contacts-<CODE>)', () => {
  const set = (data: Partial<Record<string, unknown>>, actor = system) =>
    ({ type: 'SetAgencyContacts' as const, data: { agency: 'SO_Y_TE', email: 'vanthu@soyte.gov.vn', headEmail: null, webhookUrl: null, webhookSecretSealed: undefined, digest: false, ...data }, metadata: { actor, now } }) as never;

  it('records the addresses; a webhook needs a secret, kept when not given again', () => {
    const first = spec(contactsDecider).given([]).when(set({ webhookUrl: 'https://sms.example.vn/hook', webhookSecretSealed: 'sealed-1' })).events();
    expect(first).toEqual([
      agencyContactsSet({ agency: 'SO_Y_TE', email: 'vanthu@soyte.gov.vn', headEmail: null, webhookUrl: 'https://sms.example.vn/hook', webhookSecretSealed: 'sealed-1', digest: false, setAt: now }),
    ]);
    const [second] = spec(contactsDecider).given(first).when(set({ webhookUrl: 'https://sms.example.vn/hook', digest: true })).events();
    expect(second.data).toMatchObject({ webhookSecretSealed: 'sealed-1', digest: true });
    spec(contactsDecider).given([]).when(set({ webhookUrl: 'https://sms.example.vn/hook' })).thenThrows('WEBHOOK_SECRET_REQUIRED');
  });

  it('refuses a bad e-mail, a non-http webhook and an officer', () => {
    spec(contactsDecider).given([]).when(set({ email: 'không phải email' })).thenThrows('EMAIL_INVALID');
    spec(contactsDecider).given([]).when(set({ webhookUrl: 'ftp://x', webhookSecretSealed: 's' })).thenThrows('WEBHOOK_URL_INVALID');
    spec(contactsDecider).given([]).when(set({}, officer)).thenThrows('ROLE_NOT_ALLOWED');
  });
});
