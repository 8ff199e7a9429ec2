import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  messageId: string;
  deliveryId: string | null;
  from: string;
  to: string[];
  subject: string;
  text: string;
  receivedAt: number;
}

export interface MailSink {
  port: number;
  url: string;
  /** Every message accepted, duplicates included, in order. */
  transmissions: ReceivedMail[];
  /** SMTP connections opened to the sink so far. */
  connections(): number;
  /** The mailbox: one entry per Message-ID, as a mail store that suppresses duplicates keeps it. */
  mailbox(): ReceivedMail[];
  /** Refuse the next `n` messages with a 451 (temporary failure). */
  failNext(n: number): void;
  close(): Promise<void>;
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`). */
export function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
    );
}

function decodeBody(body: string, encoding: string): string {
  switch (encoding.toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return Buffer.from(
        body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
        'latin1',
      ).toString('utf8');
    default:
      return body;
  }
}

/** Parses a single-part text message as nodemailer writes it. */
export function parseMail(raw: string): Omit<ReceivedMail, 'receivedAt' | 'to' | 'from'> & { headers: Map<string, string> } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return {
    headers,
    messageId: headers.get('message-id') ?? '',
    deliveryId: headers.get('x-dondoc-delivery-id') ?? null,
    subject: decodeHeader(headers.get('subject') ?? ''),
    text: decodeBody(raw.slice(split + 4), headers.get('content-transfer-encoding') ?? '7bit').replace(/\r\n/g, '\n').replace(/\n$/, ''),
  };
}

/** An SMTP server on a free port that keeps what it receives (smtp-server, no auth, no TLS). */
export async function startMailSink(): Promise<MailSink> {
  const transmissions: ReceivedMail[] = [];
  let failures = 0;
  let connections = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (failures > 0) {
          failures--;
          const error = new Error('Hệ thống thư tạm thời bận') as Error & { responseCode: number };
          error.responseCode = 451;
          return callback(error);
        }
        const parsed = parseMail(Buffer.concat(chunks).toString('utf8'));
        transmissions.push({
          messageId: parsed.messageId,
          deliveryId: parsed.deliveryId,
          subject: parsed.subject,
          text: parsed.text,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          receivedAt: Date.now(),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    transmissions,
    connections: () => connections,
    mailbox() {
      const seen = new Map<string, ReceivedMail>();
      for (const mail of transmissions) if (!seen.has(mail.messageId)) seen.set(mail.messageId, mail);
      return [...seen.values()];
    },
    failNext(n: number) {
      failures = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
