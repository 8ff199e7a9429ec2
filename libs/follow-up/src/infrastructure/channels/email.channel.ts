import { connect, Socket } from 'node:net';
import { createTransport, Transporter } from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import SMTPPool from 'nodemailer/lib/smtp-pool';
import { ChannelReceipt, messageIdHeader, OutgoingMessage } from './channel';

const CONNECTION_TIMEOUT_MS = 30_000;

/**
 * E-mail over SMTP (nodemailer, pooled connections). SMTP has no idempotency: a message the
 * server accepted just before the worker died is sent again by the retry, with the same
 * Message-ID and `X-Dondoc-Delivery-Id`, so the receiving side can drop the copy
 * (docs/operations.md, "What the channels guarantee").
 */
export class EmailChannel {
  private readonly transport: Transporter;
  private readonly domain: string;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    options: { maxConnections?: number } = {},
  ) {
    // The URL's settings are spread in, not passed as `url`: nodemailer then ignores every
    // other option, `pool` included, and opens a connection per message.
    const pool: SMTPPool.Options = {
      ...parseConnectionUrl(smtpUrl),
      pool: true,
      maxConnections: options.maxConnections ?? 5,
      maxMessages: Infinity,
      getSocket: openWithoutDelay,
    };
    this.transport = createTransport(pool);
    const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
    this.domain = address.includes('@') ? address.split('@')[1] : 'dondoc.local';
  }

  async send(message: OutgoingMessage): Promise<ChannelReceipt> {
    const messageId = messageIdHeader(message.deliveryId, this.domain);
    const info = await this.transport.sendMail({
      from: this.from,
      to: message.address,
      subject: message.subject,
      text: message.text,
      messageId,
      headers: { 'X-Dondoc-Delivery-Id': message.deliveryId, 'X-Dondoc-Message-Id': message.messageId },
    });
    return { receiverKey: messageId, response: String(info.response ?? '250') };
  }

  close(): void {
    this.transport.close();
  }
}

/**
 * Opens the pool's TCP connections with TCP_NODELAY, which nodemailer does not set: SMTP is a
 * conversation of small writes, and with Nagle's algorithm each message's data waited for the
 * server's delayed ACK (about 40 ms) — a pooled connection carried some 25 messages a second.
 * nodemailer still does the TLS of `smtps://` on this socket.
 */
function openWithoutDelay(options: SMTPPool.Options, callback: (error: Error | null, socketOptions?: { connection: Socket }) => void): void {
  const socket = connect({ host: options.host ?? 'localhost', port: Number(options.port) || (options.secure ? 465 : 587), noDelay: true });
  const fail = (error: Error) => {
    socket.destroy();
    callback(error);
  };
  socket.setTimeout(options.connectionTimeout ?? CONNECTION_TIMEOUT_MS, () => fail(new Error(`SMTP connection to ${options.host}:${options.port} timed out`)));
  socket.once('error', fail);
  socket.once('connect', () => {
    socket.setTimeout(0);
    socket.off('error', fail);
    callback(null, { connection: socket });
  });
}
