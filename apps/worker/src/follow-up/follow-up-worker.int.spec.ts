import { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Queue } from 'bullmq';
import { getQueueToken } from '@nestjs/bullmq';
import { FollowUpConsumer, FollowUpQueries, FollowUpQueue, pendingStages } from '@dondoc/follow-up';
import { loadAppConfig, ManualClock } from '@dondoc/platform';
import { SubmitReportCommand } from '@dondoc/tasking';
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
import { FollowUpWorkers } from './follow-up-workers';
import { assignTask, commandsApp, committee, context, eventually, followUpEvents, seed, sleep, WEBHOOK_SECRET, workerApp } from './follow-up-fixture';

const STAGES = ['before-3', 'due-day', 'after-1', 'after-3', 'after-7'];

/**
 * Reminders end to end, with the worker in this process on a ManualClock the test moves to each
 * stage's time: real PostgreSQL, a Redis of the test's own (so that it may be wiped), an SMTP
 * server and a webhook receiver on free ports.
 */
describe('follow-up worker (PostgreSQL, Redis, SMTP, webhook)', () => {
  let db: TestDatabase;
  let redis: RedisServer;
  let sink: MailSink;
  let receiver: WebhookReceiver;
  let commands: INestApplicationContext;
  let worker: INestApplicationContext | null = null;
  let bus: CommandBus;
  const clock = new ManualClock('2021-10-05T02:00:00.000Z');
  let config: ReturnType<typeof loadAppConfig>;

  const startWorker = async () => {
    worker = await workerApp(config, clock);
    return worker;
  };
  const stopWorker = async () => {
    await worker?.close();
    worker = null;
  };
  const reconcile = () => worker!.get(FollowUpWorkers).reconcile();
  /** The stage times of a task, from the truth the worker reads. */
  const stageTimes = async (taskId: string): Promise<Map<string, string>> => {
    const reader = commands.get(FollowUpQueries)['reader'];
    const reading = await reader.stageReading(taskId, {}, clock.now().toISOString());
    return new Map(pendingStages({ ...reading!.truth, sent: new Set() }).map((s) => [s.stageKey, s.fireAt]));
  };
  const moveTo = async (instant: string) => {
    clock.set(instant);
    await reconcile();
  };
  const eventCount = async () => Number((await db.pool.query('SELECT count(*) AS n FROM events')).rows[0].n);
  const outcomes = async (taskId: string) =>
    (await followUpEvents(db, taskId)).filter((e) => e.event_type === 'ReminderDelivered' || e.event_type === 'ReminderDeliveryFailed');
  const messages = async (taskId: string) =>
    (await followUpEvents(db, taskId)).filter((e) => e.event_type === 'ReminderSent' || e.event_type === 'ObligationEscalated');
  /** Every immediate e-mail/webhook delivery of the task has an outcome. */
  const allDelivered = (taskId: string) =>
    eventually(async () => {
      const planned = (await messages(taskId)).flatMap((m) => m.data.deliveries).filter((d: any) => d.channel !== 'inbox' && d.mode === 'immediate');
      const done = await outcomes(taskId);
      return planned.length > 0 && done.length === planned.length ? done : null;
    }, `deliveries of ${taskId}`);

  beforeAll(async () => {
    db = await createTestDatabase('follow_up_worker', { poolSize: 8 });
    redis = await startRedisServer();
    sink = await startMailSink();
    receiver = await startWebhookReceiver(WEBHOOK_SECRET);
    config = loadAppConfig({
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: 'dondoc',
      JWT_SECRET: 'follow-up-worker-test-secret-0123456789abcdef',
      SMTP_URL: sink.url,
      MAIL_FROM: 'dondoc <nhacviec@dondoc.thaibinh.gov.vn>',
      DELIVERY_ATTEMPTS: '3',
      DELIVERY_BACKOFF_MS: '10',
      REMINDER_RECONCILE_SECONDS: '3600',
      QUEUE_LOCK_MS: '5000',
      PG_POOL_SIZE: '6',
    });
    commands = await commandsApp(config, clock);
    bus = commands.get(CommandBus);
    await seed(bus, clock, 'thaibinh.gov.vn', receiver.url);
    await startWorker();
  }, 60_000);

  afterAll(async () => {
    await stopWorker();
    await commands?.close();
    await sink?.close();
    await receiver?.close();
    await redis?.stop();
    await db?.drop();
  });

  it('a task with no report gets every stage once, in order, by every channel; the mails name agency, task and deadline in Vietnamese', async () => {
    await assignTask(bus, clock, 't-no-report', '2021-11-20'); // Saturday → due end of Monday 22/11/2021
    const times = await stageTimes('t-no-report');
    expect([...times.keys()]).toEqual(STAGES);
    for (const key of STAGES) {
      await moveTo(times.get(key)!);
      await eventually(async () => (await messages('t-no-report')).some((m) => m.data.stageKey === key), `stage ${key}`);
      // Moving the clock again and reconciling sends nothing twice.
      await reconcile();
    }
    await allDelivered('t-no-report');
    const sent = await messages('t-no-report');
    expect(sent.map((m) => [m.event_type, m.data.stageKey, m.data.late])).toEqual([
      ['ReminderSent', 'before-3', false],
      ['ReminderSent', 'due-day', false],
      ['ReminderSent', 'after-1', false],
      ['ObligationEscalated', 'after-3', false],
      ['ObligationEscalated', 'after-7', false],
    ]);
    const mails = sink.transmissions.filter((m) => m.subject.includes('t-no-report'));
    expect(mails.map((m) => m.to[0])).toEqual([
      'vanthu.so_y_te@thaibinh.gov.vn',
      'vanthu.so_y_te@thaibinh.gov.vn',
      'vanthu.so_y_te@thaibinh.gov.vn',
      // after-3 escalates to the head of Sở Y tế and to the monitoring agency; the order between them is free.
      ...[...mails.slice(3, 5).map((m) => m.to[0])].sort(),
      'vanthu.ubnd_tinh@thaibinh.gov.vn',
    ]);
    expect(mails.slice(3, 5).map((m) => m.to[0]).sort()).toEqual(['giamdoc.so_y_te@thaibinh.gov.vn', 'vanthu.so_khdt@thaibinh.gov.vn']);
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(mails.length);
    expect(mails[0].subject).toBe('[Nhắc việc] Còn 3 ngày làm việc đến hạn 22/11/2021: Kiểm tra an toàn thực phẩm (t-no-report)');
    expect(mails[0].text).toContain('Kính gửi: Sở Y tế');
    expect(mails[0].text).toContain('Cơ quan chủ trì: Sở Y tế (SO_Y_TE)');
    expect(mails[0].text).toContain('Hạn báo cáo: hết ngày 22/11/2021');
    expect(mails[0].text).toContain('Thuộc Kế hoạch số 118/KH-UBND');
    expect(mails[3].subject).toContain('[Đôn đốc] Sở Y tế quá hạn 3 ngày làm việc (hạn 22/11/2021)');
    // The webhook of Sở Y tế: the three reminders and the escalation to its head, each signed, each once.
    const hooks = receiver.processed.filter((c) => c.body.taskId === 't-no-report');
    expect(hooks.map((c) => c.body.stageKey)).toEqual(['before-3', 'due-day', 'after-1', 'after-3']);
    expect(receiver.calls.every((c) => c.signatureValid)).toBe(true);
    // And the inbox of each addressee.
    const inbox = await commands.get(FollowUpQueries).inbox('SO_Y_TE', committee);
    expect(inbox.items.filter((i) => i.taskId === 't-no-report').map((i) => i.kind)).toEqual([
      'escalation',
      'reminder',
      'reminder',
      'reminder',
    ]);
    // The task's history: due when, sent when, to whom, by which channel, how it ended.
    const history = await commands.get(FollowUpQueries).reminders('t-no-report', committee);
    expect(history.total).toBe(5);
    expect(history.items[0]).toMatchObject({ stageKey: 'before-3', scheduledFor: times.get('before-3'), sentAt: times.get('before-3'), late: false });
    expect(history.items[0].deliveries.map((d) => [d.channel, d.agency, d.status])).toEqual([
      ['email', 'SO_Y_TE', 'delivered'],
      ['webhook', 'SO_Y_TE', 'delivered'],
      ['inbox', 'SO_Y_TE', 'in_inbox'],
    ]);
  }, 120_000);

  it('a task whose report arrives before the deadline gets only the before-deadline stages', async () => {
    await assignTask(bus, clock, 't-reported', '2021-12-20'); // Monday
    const times = await stageTimes('t-reported');
    await moveTo(times.get('before-3')!);
    await eventually(async () => (await messages('t-reported')).length === 1, 'before-3');
    clock.set('2021-12-16T03:00:00.000Z');
    await bus.execute(
      new SubmitReportCommand('t-reported', { reportId: 'r-1', periodId: 'due', text: 'Đã kiểm tra 120 cơ sở.', progressPercent: 100, indicatorValues: [] }, context(clock, { userId: 'u-yte', role: 'agency', agency: 'SO_Y_TE' })),
    );
    for (const key of STAGES.slice(1)) await moveTo(times.get(key)!);
    await sleep(1_500);
    expect((await messages('t-reported')).map((m) => m.data.stageKey)).toEqual(['before-3']);
  }, 60_000);
});
