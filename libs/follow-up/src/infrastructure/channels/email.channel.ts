import { createTransport, Transporter } from 'nodemailer';
import SMTPPool from 'nodemailer/lib/smtp-pool';
import { ChannelReceipt, messageIdHeader, OutgoingMessage } from './channel';

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
    const pool: SMTPPool.Options = { url: smtpUrl, pool: true, maxConnections: options.maxConnections ?? 5, maxMessages: Infinity };
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
