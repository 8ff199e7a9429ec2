import { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Queue } from 'bullmq';
import { getQueueToken } from '@nestjs/bullmq';
import { DeclareCalendarDayCommand, FollowUpConsumer, FollowUpQueries, FollowUpQueue, FollowUpScheduler, pendingStages, SendFollowUpCommand } from '@dondoc/follow-up';
import { PostgresEventStore, Upcasters } from '@dondoc/event-store';
import { createTaskingProjections, ProjectionRebuilder } from '@dondoc/projections';
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
import { admin, assignTask, commandsApp, committee, context, eventually, followUpEvents, seed, sleep, WEBHOOK_SECRET, workerApp } from '../../../../test/support/follow-up.fixture';

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
  /**
   * Waits for `check`, reconciling between looks as the periodic reconciler would: a reconcile
   * right after the manual clock jumped may read the consumer's tables before they show the last
   * message (the safe reader waits for transactions still open anywhere in the cluster).
   */
  const until = <T>(check: () => Promise<T | false | null | undefined>, what: string) =>
    eventually(async () => {
      const value = await check();
      if (!value && worker) await reconcile();
      return value;
    }, what);
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
    until(async () => {
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
      await until(async () => (await messages('t-no-report')).some((m) => m.data.stageKey === key), `stage ${key}`);
      // Each stage's deliveries are done before the next stage's time: the mails' order below is the stages' order.
      await allDelivered('t-no-report');
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
    await until(async () => (await messages('t-reported')).length === 1, 'before-3');
    clock.set('2021-12-16T03:00:00.000Z');
    await bus.execute(
      new SubmitReportCommand('t-reported', { reportId: 'r-1', periodId: 'due', text: 'Đã kiểm tra 120 cơ sở.', progressPercent: 100, indicatorValues: [] }, context(clock, { userId: 'u-yte', role: 'agency', agency: 'SO_Y_TE' })),
    );
    for (const key of STAGES.slice(1)) await moveTo(times.get(key)!);
    await sleep(1_500);
    expect((await messages('t-reported')).map((m) => m.data.stageKey)).toEqual(['before-3']);
  }, 60_000);

  it('all workers stopped across three stage times: on restart each missed stage is sent once, marked late', async () => {
    await assignTask(bus, clock, 't-missed', '2022-01-14'); // Friday, before the Tết 2022 window
    const times = await stageTimes('t-missed');
    await reconcile();
    await stopWorker();
    // before-3, due-day and after-1 pass while no worker runs.
    const downUntil = new Date(Date.parse(times.get('after-1')!) + 2 * 3600_000).toISOString();
    clock.set(downUntil);
    await startWorker();
    await until(async () => (await messages('t-missed')).length === 3, 'three missed stages');
    await allDelivered('t-missed');
    // A second restart, and a reconcile, change nothing.
    await stopWorker();
    await startWorker();
    await reconcile();
    await sleep(1_000);
    const sent = await messages('t-missed');
    expect(sent.map((m) => [m.data.stageKey, m.data.scheduledFor, m.data.firedAt, m.data.late])).toEqual([
      ['before-3', times.get('before-3'), downUntil, true],
      ['due-day', times.get('due-day'), downUntil, true],
      ['after-1', times.get('after-1'), downUntil, true],
    ]);
    expect(sent[0].data.text).toContain('thông báo này được gửi muộn so với lịch');
    const mails = sink.transmissions.filter((m) => m.subject.includes('t-missed'));
    expect(mails).toHaveLength(3);
  }, 60_000);

  it('Redis wiped while reminders are pending: after reconciliation every reminder is still sent exactly once', async () => {
    await assignTask(bus, clock, 't-wiped', '2022-03-15');
    const times = await stageTimes('t-wiped');
    await reconcile();
    const stagesQueue = worker!.get<Queue>(getQueueToken(FollowUpQueue.Stages));
    expect(await stagesQueue.getJobCounts('delayed')).toMatchObject({ delayed: expect.any(Number) });
    expect((await stagesQueue.getJobCounts('delayed')).delayed).toBeGreaterThan(0);
    await redis.flushAll();
    expect(await redis.client.dbsize()).toBe(0);
    for (const key of ['before-3', 'due-day']) {
      await moveTo(times.get(key)!);
      await until(async () => (await messages('t-wiped')).some((m) => m.data.stageKey === key), key);
    }
    await allDelivered('t-wiped');
    // Wiped again after sending: nothing is sent twice.
    await redis.flushAll();
    await reconcile();
    await sleep(1_000);
    expect((await messages('t-wiped')).map((m) => m.data.stageKey)).toEqual(['before-3', 'due-day']);
    expect(sink.transmissions.filter((m) => m.subject.includes('t-wiped'))).toHaveLength(2);
    expect(receiver.calls.filter((c) => c.body.taskId === 't-wiped')).toHaveLength(2);
  }, 60_000);

  it('a webhook receiver that fails three times leads to ReminderDeliveryFailed, visible on the task', async () => {
    await assignTask(bus, clock, 't-hook-down', '2022-04-15');
    const times = await stageTimes('t-hook-down');
    receiver.failNext(3, (body) => body.taskId === 't-hook-down');
    await moveTo(times.get('before-3')!);
    const done = await allDelivered('t-hook-down');
    expect(done.map((e) => [e.event_type, e.data.channel, e.data.attempts]).sort()).toEqual([
      ['ReminderDelivered', 'email', 1],
      ['ReminderDeliveryFailed', 'webhook', 3],
    ]);
    const attempts = receiver.calls.filter((c) => c.body.taskId === 't-hook-down');
    expect(attempts.map((c) => c.status)).toEqual([503, 503, 503]);
    expect(attempts.every((c) => c.signatureValid && c.idempotencyKey === attempts[0].idempotencyKey)).toBe(true);
    const history = await commands.get(FollowUpQueries).reminders('t-hook-down', committee);
    const webhook = history.items[0].deliveries.find((d) => d.channel === 'webhook')!;
    expect(webhook).toMatchObject({ status: 'failed', attempts: 3, error: expect.stringContaining('503') });
  }, 60_000);

  it('the receiver refuses a request signed with another secret', async () => {
    const forged = await fetch(receiver.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'x', 'X-Dondoc-Timestamp': '1', 'X-Dondoc-Signature': 'sha256=00' },
      body: '{}',
    });
    expect(forged.status).toBe(401);
  });

  it('rebuilding any read model from position 0 sends no reminder and enqueues no delivery', async () => {
    await reconcile();
    await sleep(500);
    const deliveries = worker!.get<Queue>(getQueueToken(FollowUpQueue.Deliveries));
    const jobsBefore = await deliveries.count();
    const idsBefore = (await deliveries.getJobs(['completed', 'waiting', 'delayed', 'active', 'failed'])).map((j) => j.id).sort();
    const events = await eventCount();
    const mails = sink.transmissions.length;
    const inboxBefore = await commands.get(FollowUpQueries).inbox('SO_Y_TE', committee, { pageSize: 200 });
    const scheduler = worker!.get(FollowUpScheduler);
    const scheduled: unknown[][] = [];
    const spies = [jest.spyOn(scheduler, 'scheduleStages'), jest.spyOn(scheduler, 'scheduleDeliveries'), jest.spyOn(scheduler, 'scheduleDigest')];
    for (const spy of spies) spy.mockImplementation(async (items: unknown) => (scheduled.push(Array.isArray(items) ? items : [items]), 0) as never);
    const rebuilt = await worker!.get(FollowUpConsumer).rebuild(() => clock.now().getTime());
    for (const spy of spies) spy.mockRestore();
    // The rebuild replayed every event and asked the scheduler for nothing at all.
    expect(rebuilt).toBe(events);
    expect(scheduled.filter((items) => items.length > 0)).toEqual([]);
    const rebuilder = new ProjectionRebuilder(db.pool, new PostgresEventStore(db.pool), new Upcasters());
    for (const projection of createTaskingProjections()) await rebuilder.rebuild(projection, { swap: true, batchSize: 1000 });
    await reconcile();
    await sleep(1_500);
    expect(await eventCount()).toBe(events);
    expect(sink.transmissions.length).toBe(mails);
    expect(await deliveries.count()).toBe(jobsBefore);
    expect((await deliveries.getJobs(['completed', 'waiting', 'delayed', 'active', 'failed'])).map((j) => j.id).sort()).toEqual(idsBefore);
    expect(await commands.get(FollowUpQueries).inbox('SO_Y_TE', committee, { pageSize: 200 })).toEqual(inboxBefore);
  }, 60_000);

  it('the monitoring agency follows up (đôn đốc) a task; another agency may not', async () => {
    const officer = { userId: 'u-khdt', role: 'monitoring' as const, agency: 'SO_KHDT' };
    const result = await bus.execute(
      new SendFollowUpCommand('t-missed', { note: 'Đề nghị Sở Y tế báo cáo trước 17 giờ ngày mai.', periodId: 'due', followUpId: 'f-1' }, context(clock, officer)),
    );
    expect(result.eventCount).toBe(1);
    await until(async () => sink.transmissions.find((m) => m.subject === '[Đôn đốc] Kiểm tra an toàn thực phẩm (t-missed)'), 'follow-up mail');
    const mail = sink.transmissions.find((m) => m.subject === '[Đôn đốc] Kiểm tra an toàn thực phẩm (t-missed)')!;
    expect(mail.text).toContain('Sở Kế hoạch và Đầu tư đôn đốc thực hiện nhiệm vụ');
    expect(mail.text).toContain('Đề nghị Sở Y tế báo cáo trước 17 giờ ngày mai.');
    await expect(
      bus.execute(new SendFollowUpCommand('t-missed', { note: 'x', periodId: null, followUpId: 'f-2' }, context(clock, { userId: 'u-tc', role: 'monitoring', agency: 'SO_TC' }))),
    ).rejects.toMatchObject({ code: 'NOT_MONITORING_AGENCY' });
    const history = await commands.get(FollowUpQueries).reminders('t-missed', committee);
    expect(history.items.at(-1)).toMatchObject({ kind: 'follow_up', sentBy: 'u-khdt' });
  }, 30_000);

  it('an agency that chose the digest gets one mail with its items at DIGEST_AT', async () => {
    const monday = '2022-05-09T01:00:00.000Z';
    clock.set(monday);
    await assignTask(bus, clock, 't-digest-1', '2022-05-20', 'SO_TC');
    await assignTask(bus, clock, 't-digest-2', '2022-05-20', 'SO_TC');
    const times = await stageTimes('t-digest-1');
    await moveTo(times.get('before-3')!);
    await until(async () => (await messages('t-digest-2')).length === 1 && (await messages('t-digest-1')).length === 1, 'both stages');
    await sleep(500);
    expect(sink.transmissions.filter((m) => m.to[0] === 'vanthu.so_tc@thaibinh.gov.vn')).toHaveLength(0);
    await moveTo('2022-05-17T09:30:00.000Z'); // 16:30 local
    const digest = await until(async () => sink.transmissions.find((m) => m.to[0] === 'vanthu.so_tc@thaibinh.gov.vn'), 'digest mail');
    expect(digest.subject).toBe('[Tổng hợp nhắc việc] 2 nội dung ngày 17/05/2022');
    expect(digest.text).toContain('t-digest-1');
    expect(digest.text).toContain('t-digest-2');
    await sleep(500);
    expect(sink.transmissions.filter((m) => m.to[0] === 'vanthu.so_tc@thaibinh.gov.vn')).toHaveLength(1);
  }, 30_000);

  it('a day off declared on an open deadline moves its stages; a deadline already closed keeps its own', async () => {
    await assignTask(bus, clock, 't-amended', '2022-06-15'); // Wednesday
    const before = await stageTimes('t-amended');
    await bus.execute(new DeclareCalendarDayCommand('day_off', { year: 2022, date: '2022-06-15', reason: 'Nghỉ bù theo Thông báo số 99/TB-UBND' }, context(clock, admin)));
    const after = await stageTimes('t-amended');
    expect(before.get('due-day')).toBe('2022-06-15T00:30:00.000Z');
    expect(after.get('due-day')).toBe('2022-06-16T00:30:00.000Z');
    await reconcile();
    const pending = await db.pool.query(`SELECT stage_key, due_at FROM pending_reminder_stages WHERE task_id = 't-amended' ORDER BY fire_at`);
    expect(pending.rows.map((r) => r.due_at.toISOString())).toEqual(Array(5).fill('2022-06-16T17:00:00.000Z'));
    // The deadline of t-no-report (22/11/2021) had passed: declaring it off now changes nothing of it.
    await bus.execute(new DeclareCalendarDayCommand('day_off', { year: 2021, date: '2021-11-22', reason: 'Khai báo muộn' }, context(clock, admin)));
    const closed = await commands.get(FollowUpQueries)['reader'].stageReading('t-no-report', {}, clock.now().toISOString());
    expect(pendingStages({ ...closed!.truth, sent: new Set() })[0].dueAt).toBe('2021-11-22T17:00:00.000Z');
  }, 30_000);
});
