import { createHmac } from 'node:crypto';
import { ChannelReceipt, OutgoingMessage } from './channel';

export const SIGNATURE_HEADER = 'X-Dondoc-Signature';
export const TIMESTAMP_HEADER = 'X-Dondoc-Timestamp';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`: what a receiver recomputes. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/**
 * A signed JSON POST (for SMS or Zalo gateways). Every attempt of a delivery carries the same
 * `Idempotency-Key`; the receiver keeps the keys it has processed and acknowledges a repeat
 * without acting on it. Anything but a 2xx is a failure, retried with backoff.
 */
export class WebhookChannel {
  constructor(private readonly timeoutMs = 10_000) {}

  async send(message: OutgoingMessage, secret: string, nowMs: number): Promise<ChannelReceipt> {
    const body = JSON.stringify({
      deliveryId: message.deliveryId,
      messageId: message.messageId,
      type: message.type,
      agency: message.agency,
      audience: message.audience,
      subject: message.subject,
      text: message.text,
      ...message.facts,
    });
    const timestamp = String(Math.floor(nowMs / 1000));
    const response = await fetch(message.address, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        [IDEMPOTENCY_HEADER]: message.deliveryId,
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: webhookSignature(secret, timestamp, body),
        'User-Agent': 'dondoc-webhook/1',
      },
      body,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    // Drain the body so that the connection is reused.
    await response.arrayBuffer().catch(() => undefined);
    const line = `HTTP ${response.status} ${response.statusText}`.trim();
    if (!response.ok) throw new Error(`webhook answered ${line}`);
    return { receiverKey: message.deliveryId, response: line };
  }
}
