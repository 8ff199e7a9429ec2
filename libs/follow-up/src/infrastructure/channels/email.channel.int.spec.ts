import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { MailSink, startMailSink } from '@dondoc/testing';
import { messageIdHeader } from './channel';
import { EmailChannel } from './email.channel';

const message = (i: number) => ({
  deliveryId: `delivery-${i}`,
  messageId: `message-${i}`,
  type: 'ReminderSent',
  agency: 'SO_TU_PHAP',
  audience: 'agency',
  address: `vanthu.${i}@sotuphap.thaibinh.gov.vn`,
  subject: `Nhắc việc số ${i}: Báo cáo kết quả thực hiện Kế hoạch 118/KH-UBND`,
  text: `Kính gửi Sở Tư pháp,\nhạn báo cáo là ngày 20/12/2026 (số ${i}).`,
  facts: {},
});

describe('EmailChannel (a real SMTP server)', () => {
  let sink: MailSink;
  let channel: EmailChannel;

  beforeEach(async () => {
    sink = await startMailSink();
    channel = new EmailChannel(sink.url, 'Dondoc <dondoc@thaibinh.gov.vn>', { maxConnections: 3 });
  });

  afterEach(async () => {
    channel.close();
    await sink.close();
  });

  it('sends many messages over its pool of connections, not one connection per message', async () => {
    const receipts = await Promise.all(Array.from({ length: 30 }, (_, i) => channel.send(message(i))));

    expect(sink.transmissions).toHaveLength(30);
    expect(sink.connections()).toBeGreaterThanOrEqual(1);
    expect(sink.connections()).toBeLessThanOrEqual(3);
    expect(receipts.map((r) => r.receiverKey)).toEqual(Array.from({ length: 30 }, (_, i) => messageIdHeader(`delivery-${i}`, 'thaibinh.gov.vn')));
  });

  it('writes the Vietnamese subject and text, the Message-ID of the delivery and the delivery id header', async () => {
    await channel.send(message(7));

    const [mail] = sink.transmissions;
    expect(mail.subject).toBe('Nhắc việc số 7: Báo cáo kết quả thực hiện Kế hoạch 118/KH-UBND');
    expect(mail.text).toBe('Kính gửi Sở Tư pháp,\nhạn báo cáo là ngày 20/12/2026 (số 7).');
    expect(mail.messageId).toBe(messageIdHeader('delivery-7', 'thaibinh.gov.vn'));
    expect(mail.deliveryId).toBe('delivery-7');
    expect(mail.to).toEqual(['vanthu.7@sotuphap.thaibinh.gov.vn']);
  });

  it('fails the send, without hanging, when nothing listens at the SMTP address', async () => {
    const port = sink.port;
    await sink.close();
    const orphan = new EmailChannel(`smtp://127.0.0.1:${port}`, 'dondoc@thaibinh.gov.vn');
    try {
      await expect(orphan.send(message(1))).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      orphan.close();
      sink = await startMailSink();
    }
  });

  it('speaks TLS from the first byte and logs in with the credentials of an smtps:// URL', async () => {
    const logins: string[] = [];
    let received = 0;
    let secure = false;
    const server = new SMTPServer({
      secure: true, // smtp-server's own self-signed certificate
      logger: false,
      onAuth(auth, _session, callback) {
        logins.push(`${auth.username}:${auth.password}`);
        callback(null, { user: auth.username });
      },
      onConnect(session, callback) {
        secure = (session as unknown as { secure: boolean }).secure;
        callback();
      },
      onData(stream, _session, callback) {
        stream.on('data', () => undefined);
        stream.on('end', () => (received++, callback()));
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.server.address() as AddressInfo).port;
    const tls = new EmailChannel(`smtps://vanthu:mat-khau@127.0.0.1:${port}/?tls.rejectUnauthorized=false`, 'dondoc@thaibinh.gov.vn');
    try {
      await tls.send(message(2));
      expect({ received, secure, logins }).toEqual({ received: 1, secure: true, logins: ['vanthu:mat-khau'] });
    } finally {
      tls.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
