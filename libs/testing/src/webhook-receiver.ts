import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface WebhookCall {
  idempotencyKey: string;
  signatureValid: boolean;
  body: Record<string, unknown>;
  status: number;
}

export interface WebhookReceiver {
  url: string;
  /** Every request, in order. */
  calls: WebhookCall[];
  /** Requests acted on: valid signature, key not seen before (what a gateway would send as SMS). */
  processed: WebhookCall[];
  /** Answer the next `n` requests (those `which` selects, by default any) with a 503. */
  failNext(n: number, which?: (body: Record<string, unknown>) => boolean): void;
  close(): Promise<void>;
}

/**
 * An HTTP receiver of dondoc webhooks, as an SMS/Zalo gateway would be: checks the HMAC
 * signature (401 when wrong), acts once per Idempotency-Key (200 without acting on a repeat).
 */
export async function startWebhookReceiver(secret: string): Promise<WebhookReceiver> {
  const calls: WebhookCall[] = [];
  const processed: WebhookCall[] = [];
  const seen = new Set<string>();
  let failures = 0;
  let failWhich: (body: Record<string, unknown>) => boolean = () => true;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const timestamp = String(req.headers['x-dondoc-timestamp'] ?? '');
      const given = Buffer.from(String(req.headers['x-dondoc-signature'] ?? ''));
      const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${raw}`, 'utf8').digest('hex')}`);
      const signatureValid = given.length === expected.length && timingSafeEqual(given, expected);
      const idempotencyKey = String(req.headers['idempotency-key'] ?? '');
      let status = 200;
      const body = JSON.parse(raw || '{}');
      if (!signatureValid) status = 401;
      else if (failures > 0 && failWhich(body)) {
        failures--;
        status = 503;
      }
      const call: WebhookCall = { idempotencyKey, signatureValid, body, status };
      calls.push(call);
      if (status === 200 && !seen.has(idempotencyKey)) {
        seen.add(idempotencyKey);
        processed.push(call);
      }
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok: status === 200 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/dondoc`,
    calls,
    processed,
    failNext(n: number, which = () => true) {
      failures = n;
      failWhich = which;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
