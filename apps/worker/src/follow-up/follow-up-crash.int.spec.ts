import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FollowUpReader, pendingStages } from '@dondoc/follow-up';
import { loadAppConfig, ManualClock } from '@dondoc/platform';
import {
  createTestDatabase,
  MailSink,
  RedisServer,
  startMailSink,
  startRedisServer,
  startWebhookReceiver,
  TestDatabase,
  WebhookReceiver,
} from '@dondoc/testing';
import { assignTask, commandsApp, eventually, followUpEvents, seed, sleep, WEBHOOK_SECRET } from '../../../../test/support/follow-up.fixture';

const ROOT = join(__dirname, '../../../..');
const JWT_SECRET = 'follow-up-crash-test-secret-0123456789abcdef';

/**
 * Real worker processes (the app's own main.ts) with the clock set by CLOCK_START, killed at the
 * two dangerous points by FOLLOW_UP_FAILPOINT, and refused on a Redis that may evict keys.
 */
describe('follow-up worker processes: crashes and Redis policy', () => {
  let db: TestDatabase;
  let redis: RedisServer;
  let sink: MailSink;
  let receiver: WebhookReceiver;
  let commands: INestApplicationContext;
  let bus: CommandBus;
  const clock = new ManualClock('2021-10-05T02:00:00.000Z');
  const children = new Set<ChildProcess>();

  const spawnWorker = (env: Record<string, string>) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/worker/src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        REDIS_URL: redis.url,
        REDIS_PREFIX: 'dondoc',
        JWT_SECRET,
        SMTP_URL: sink.url,
        MAIL_FROM: 'dondoc <nhacviec@dondoc.thaibinh.gov.vn>',
        CLOCK_MODE: 'manual',
        QUEUE_LOCK_MS: '1000',
        DELIVERY_BACKOFF_MS: '10',
        PG_POOL_SIZE: '5',
        LOG_FORMAT: 'log',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = { text: '' };
    const keep = (chunk: Buffer) => (output.text = (output.text + chunk.toString()).slice(-20_000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => {
        children.delete(child);
        resolve({ code, signal });
      }),
    );
    children.add(child);
    return { child, output, exited };
  };
  const stop = async (worker: ReturnType<typeof spawnWorker>) => {
    if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
    await worker.exited;
  };
  const stageTimes = async (taskId: string) => {
    const reading = await commands.get(FollowUpReader).stageReading(taskId, {}, clock.now().toISOString());
    return new Map(pendingStages({ ...reading!.truth, sent: new Set() }).map((s) => [s.stageKey, s.fireAt]));
  };
  const messages = async (taskId: string) =>
    (await followUpEvents(db, taskId)).filter((e) => e.event_type === 'ReminderSent' || e.event_type === 'ObligationEscalated');
  const outcomes = async (taskId: string) =>
    (await followUpEvents(db, taskId)).filter((e) => e.event_type === 'ReminderDelivered' || e.event_type === 'ReminderDeliveryFailed');

  beforeAll(async () => {
    db = await createTestDatabase('follow_up_crash', { poolSize: 4 });
    redis = await startRedisServer();
    sink = await startMailSink();
    receiver = await startWebhookReceiver(WEBHOOK_SECRET);
    const config = loadAppConfig({ DATABASE_URL: db.url, REDIS_URL: redis.url, REDIS_PREFIX: 'dondoc', JWT_SECRET, PG_POOL_SIZE: '4' });
    commands = await commandsApp(config, clock);
    bus = commands.get(CommandBus);
    await seed(bus, clock, 'thaibinh.gov.vn', receiver.url);
    await assignTask(bus, clock, 't-crash', '2021-11-20');
  }, 60_000);

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await sleep(200);
    await commands?.close();
    await sink?.close();
    await receiver?.close();
    await redis?.stop();
    await db?.drop();
  });

  it('refuses to start, with a clear message, when Redis may evict keys (maxmemory-policy not noeviction)', async () => {
    const lru = await startRedisServer({ maxmemoryPolicy: 'allkeys-lru' });
    try {
      const worker = spawnWorker({ REDIS_URL: lru.url, CLOCK_START: clock.now().toISOString() });
      const { code } = await worker.exited;
      expect(code).toBe(1);
      expect(worker.output.text).toContain('Redis maxmemory-policy là "allkeys-lru", phải là "noeviction"');
      // Nothing was started: no BullMQ key exists on that Redis.
      expect(await lru.client.keys('*')).toEqual([]);
    } finally {
      await lru.stop();
    }
  }, 60_000);

  it('a worker killed after appending ReminderSent and before delivering: the reminder is delivered once by the next worker', async () => {
    const times = await stageTimes('t-crash');
    const at = times.get('before-3')!;
    const doomed = spawnWorker({ CLOCK_START: at, FOLLOW_UP_FAILPOINT: 'after-reminder-sent' });
    expect(await doomed.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(doomed.output.text).toContain('FOLLOW_UP_FAILPOINT after-reminder-sent');
    expect((await messages('t-crash')).map((m) => m.data.stageKey)).toEqual(['before-3']);
    expect(sink.transmissions).toHaveLength(0);

    const survivor = spawnWorker({ CLOCK_START: at });
    await eventually(async () => (await outcomes('t-crash')).length === 2, 'email and webhook recorded', 60_000);
    await sleep(1_500);
    await stop(survivor);
    expect((await messages('t-crash')).map((m) => m.data.stageKey)).toEqual(['before-3']);
    expect((await outcomes('t-crash')).map((o) => [o.event_type, o.data.channel]).sort()).toEqual([
      ['ReminderDelivered', 'email'],
      ['ReminderDelivered', 'webhook'],
    ]);
    expect(sink.transmissions).toHaveLength(1);
    expect(receiver.calls).toHaveLength(1);
  }, 120_000);

  it('a worker killed after delivering and before recording it: nothing is lost, and the receivers see one message', async () => {
    const times = await stageTimes('t-crash');
    const at = times.get('due-day')!;
    const doomed = spawnWorker({ CLOCK_START: at, FOLLOW_UP_FAILPOINT: 'after-delivery-sent' });
    expect(await doomed.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(doomed.output.text).toContain('FOLLOW_UP_FAILPOINT after-delivery-sent');
    const dueDay = (await messages('t-crash')).find((m) => m.data.stageKey === 'due-day')!;
    expect(dueDay).toBeDefined();
    const before = sink.transmissions.length + receiver.calls.length;
    expect(before).toBeGreaterThanOrEqual(3); // the first reminder's two, and at least one of this one's
    expect((await outcomes('t-crash')).filter((o) => o.data.messageId === dueDay.data.messageId)).toHaveLength(0);

    const survivor = spawnWorker({ CLOCK_START: at });
    await eventually(async () => (await outcomes('t-crash')).length === 4, 'due-day deliveries recorded', 60_000);
    await sleep(1_500);
    await stop(survivor);
    const recorded = (await outcomes('t-crash')).filter((o) => o.data.messageId === dueDay.data.messageId);
    expect(recorded.map((o) => [o.event_type, o.data.channel]).sort()).toEqual([
      ['ReminderDelivered', 'email'],
      ['ReminderDelivered', 'webhook'],
    ]);
    // SMTP has no idempotency: a message accepted just before the crash may be sent again, but always
    // with the same Message-ID, so a mailbox that suppresses duplicates (as the sink's does) holds one.
    const mails = sink.transmissions.filter((m) => m.subject.includes('Hôm nay là hạn báo cáo'));
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(1);
    expect(mails[0].messageId).toBe(recorded.find((o) => o.data.channel === 'email')!.data.receiverKey);
    expect(sink.mailbox().filter((m) => m.subject.includes('Hôm nay là hạn báo cáo'))).toHaveLength(1);
    expect(mails.length).toBeLessThanOrEqual(2);
    // The webhook carries an Idempotency-Key: the gateway acts on it once.
    const hooks = receiver.calls.filter((c) => c.body.stageKey === 'due-day');
    expect(new Set(hooks.map((c) => c.idempotencyKey)).size).toBe(1);
    expect(receiver.processed.filter((c) => c.body.stageKey === 'due-day')).toHaveLength(1);
    // Nothing of the first reminder was sent again.
    expect(sink.mailbox()).toHaveLength(2);
  }, 120_000);
});
