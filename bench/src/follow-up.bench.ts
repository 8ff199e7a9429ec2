import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Pool } from 'pg';
import { SMTPServer } from 'smtp-server';
import { addDays, localDateOf } from '@dondoc/calendar';
import { EventMetadata, NewEvent, PostgresEventStore, Upcasters } from '@dondoc/event-store';
import {
  agencyContactsSet,
  calendarStreamId,
  contactsStreamId,
  DEFAULT_WORKING_HOURS,
  FollowUpConsumer,
  FollowUpQueue,
  FollowUpReconciler,
  FollowUpScheduler,
  reminderStagesConfigured,
  reminderStagesStreamId,
  workingDayDeclared,
} from '@dondoc/follow-up';
import { bullConnection } from '@dondoc/projections/queue/projection-queue';
import { planIssued } from '@dondoc/tasking/domain/plan.events';
import { planStreamId, taskStreamId } from '@dondoc/tasking/domain/stream-ids';
import { taskAssigned } from '@dondoc/tasking/domain/task.events';
import { startRedisServer } from '@dondoc/testing';
import { Figure, percentile, rate, workerNodeArgs } from './harness';

const log = new Logger('FollowUpBench');
const AGENCIES = 100;

function metadata(occurredAt: string): EventMetadata {
  const commandId = randomUUID();
  return { actor: 'bench', role: 'system', agency: null, commandId, correlationId: commandId, causationId: null, occurredAt };
}

/** An SMTP sink that counts what it accepts (in this process: the machine's two cores are shared). */
async function startSink(): Promise<{ url: string; received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    received: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const hhmm = (ms: number) => {
  const minutes = Math.floor(((ms + 7 * 3600_000) % 86_400_000) / 60_000);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
};

/**
 * Issue 4's benchmark: 100,000 open obligations reconciled into an empty Redis; 10,000
 * reminders due at the same minute dispatched to a local SMTP sink; lateness of fired stages
 * (stage time → ReminderSent committed), in a burst and idle. `BENCH_QUICK=1`: a tenth.
 */
export async function benchFollowUp(pool: Pool, databaseUrl: string): Promise<Figure[]> {
  const quick = process.env.BENCH_QUICK === '1';
  const obligations = quick ? 10_000 : 100_000;
  const burst = quick ? 1_000 : 10_000;
  // Idle: as many stages at one minute as the worker runs at once (FOLLOW_UP_CONCURRENCY), so
  // that none waits for another; the burst above measures the queueing.
  const idle = quick ? 20 : 50;
  const store = new PostgresEventStore(pool);
  const upcasters = new Upcasters();
  // Its own redis-server (hz 100, noeviction, no persistence), so that it can be wiped.
  const redis = await startRedisServer();
  const sink = await startSink();
  const figures: Figure[] = [];
  const nowIso = () => new Date().toISOString();
  const workers: ChildProcess[] = [];
  try {
    // --- set-up: agencies' contacts, two plans, the obligations --------------------------------
    const today = localDateOf(new Date());
    await store.append(calendarStreamId(Number(today.slice(0, 4))), 'any', [
      // The bench may run on a weekend or a holiday: today is declared a working day.
      workingDayDeclared({ year: Number(today.slice(0, 4)), date: today, reason: 'bench', declaredAt: nowIso() }),
    ], { metadata: metadata(nowIso()) }).catch(() => undefined);
    for (let a = 0; a < AGENCIES; a++) {
      const agency = `BENCH_${a}`;
      await store.append(contactsStreamId(agency), 'no_stream', [
        agencyContactsSet({ agency, email: `vanthu.${a}@bench.dondoc.local`, headEmail: null, webhookUrl: null, webhookSecretSealed: null, digest: false, setAt: nowIso() }),
      ], { metadata: metadata(nowIso()) });
    }
    const plan = (planId: string) =>
      planIssued({
        planId, number: `${planId}/KH-UBND`, issuerAgency: 'BENCH_0', issuedOn: today, title: 'Kế hoạch đo hiệu năng',
        period: { start: today, end: addDays(today, 400) }, objectives: [], monitoringAgency: 'BENCH_1', defaultReportingSchedule: null, issuedAt: nowIso(),
      });
    for (const planId of ['bench-open', 'bench-burst', 'bench-idle']) await store.append(planStreamId(planId), 'no_stream', [plan(planId)], { metadata: metadata(nowIso()) });
    const assign = (planId: string, i: number, dueDate: string): NewEvent =>
      taskAssigned({
        taskId: `${planId}-${i}`, planId, title: `Nhiệm vụ đo hiệu năng số ${i}`, text: '', leadAgency: `BENCH_${i % AGENCIES}`,
        coordinatingAgencies: [], partners: [], dueDate, reportingSchedule: null, sourceRef: null, assignedAt: nowIso(),
      });
    let started = Date.now();
    const appendRate = await rate(obligations, 8, (i) =>
      store.append(taskStreamId(`bench-open-${i}`), 'no_stream', [assign('bench-open', i, addDays(today, 30 + (i % 90)))], { metadata: metadata(nowIso()) }),
    );
    log.log(`${obligations} open obligations appended (${Math.round(appendRate)}/s)`);
    const horizonMs = 400 * 24 * 3600_000;
    const consumer = new FollowUpConsumer(pool, store, upcasters, DEFAULT_WORKING_HOURS, { batchSize: 1000, horizonMs, lockTimeoutMs: 10_000, digestAtMinutes: 990 });
    started = Date.now();
    await consumer.catchUp(() => Date.now(), async () => undefined);
    const consumerSeconds = (Date.now() - started) / 1000;
    figures.push({ metric: `follow-up consumer: ${obligations} assignments → pending stages`, value: consumerSeconds, unit: 's' });

    // --- reconcile every open obligation into an empty Redis -------------------------------
    const connection = bullConnection(redis.url);
    const stagesQueue = new Queue(FollowUpQueue.Stages, { connection, prefix: 'bench' });
    const deliveriesQueue = new Queue(FollowUpQueue.Deliveries, { connection, prefix: 'bench' });
    const scheduler = new FollowUpScheduler(stagesQueue, deliveriesQueue, { attempts: 5, backoffMs: 1000 });
    const reconciler = new FollowUpReconciler(pool, consumer, scheduler, horizonMs);
    const reconciled = await reconciler.reconcile(() => Date.now());
    const delayed = (await stagesQueue.getJobCounts('delayed')).delayed;
    figures.push(
      { metric: `reconcile ${obligations} open obligations into empty Redis`, value: reconciled.ms / 1000, unit: 's', target: quick ? undefined : '<= 15 s', pass: quick ? undefined : reconciled.ms <= 15_000 },
      { metric: 'stage jobs in Redis after reconcile', value: delayed, unit: 'jobs' },
    );
    await stagesQueue.obliterate({ force: true });
    await Promise.all([stagesQueue.close(), deliveriesQueue.close()]);

    // --- the worker: 10,000 reminders due at the same minute, then idle stages -----------------
    // Worker processes of their own, as deployed (`node dist/apps/worker/src/main.js`): the SMTP
    // sink and this driver stay in this process. The read models are kept by a projector process
    // beside the worker (WORKER_PROJECTIONS=off), as for an installation whose reminder bursts
    // should not share the worker's thread; `BENCH_FOLLOW_UP_PROJECTOR=0` keeps them in the worker.
    const separateProjector = process.env.BENCH_FOLLOW_UP_PROJECTOR !== '0';
    const env = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      REDIS_PREFIX: 'bench',
      JWT_SECRET: process.env.JWT_SECRET ?? 'bench-secret-0123456789abcdef0123456789',
      SMTP_URL: sink.url,
      WORKING_HOURS: '00:00-23:59',
      REMINDER_HORIZON_HOURS: '2',
      REMINDER_RECONCILE_SECONDS: '3600',
      FOLLOW_UP_CONCURRENCY: process.env.FOLLOW_UP_CONCURRENCY ?? '50',
      PG_POOL_SIZE: '20',
      PG_POOL_MIN: '20',
      LOG_FORMAT: 'log',
      CLOCK_MODE: 'system',
      WORKER_PROJECTIONS: separateProjector ? 'off' : 'on',
    };
    const start = (entry: string) =>
      workers.push(spawn(process.execPath, workerNodeArgs(join(__dirname, '../../apps/worker/src', entry)), { cwd: join(__dirname, '../..'), env, stdio: ['ignore', 'ignore', 'inherit'] }));
    const processes = Number(process.env.BENCH_FOLLOW_UP_WORKERS ?? 1);
    for (let i = 0; i < processes; i++) start('main.ts');
    if (separateProjector) start('projector.ts');
    // Ready when its start-up reconcile has run: the consumer's checkpoint reaches the head.
    const head = await store.safeHeadPosition();
    const ready = Date.now() + 120_000;
    while ((await consumer.checkpoint()).position < head && Date.now() < ready) await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 5_000));

    const fireBurst = async (planId: string, count: number): Promise<{ firstMs: number; lateness: number[]; deliveredSeconds: number }> => {
      await rate(count, 8, (i) => store.append(taskStreamId(`${planId}-${i}`), 'no_stream', [assign(planId, i, today)], { metadata: metadata(nowIso()) }));
      // Let the worker's consumer take the assignments in before the stage time is set.
      const deadline = Date.now() + 300_000;
      while ((await consumer.checkpoint()).position < (await store.safeHeadPosition()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      const fireMs = Math.ceil((Date.now() + 15_000) / 60_000) * 60_000;
      if (hhmm(fireMs) >= '23:59') throw new Error('too close to local midnight to schedule a stage today; run again in a few minutes');
      await store.append(reminderStagesStreamId(planId), 'no_stream', [
        reminderStagesConfigured({ planId, stages: [{ key: 'now', offsetWorkingDays: 0, at: hhmm(fireMs), kind: 'reminder', to: ['agency'] }], committeeAgency: null, configuredAt: nowIso() }),
      ], { metadata: metadata(nowIso()) });
      const sentBefore = sink.received();
      const until = Date.now() + 300_000;
      // Progress from the sink's own count (free), then from the events once (a scan of the
      // events table every few hundred ms would itself load PostgreSQL during the burst).
      while (sink.received() - sentBefore < count && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      for (;;) {
        const { rows } = await pool.query(
          `SELECT count(*)::int AS n FROM events WHERE event_type = 'ReminderDelivered' AND stream_id LIKE $1`,
          [`followup-${planId}-%`],
        );
        if (rows[0].n >= count) break;
        if (Date.now() > until) {
          throw new Error(`${planId}: after 5 minutes ${sink.received() - sentBefore} mails received and ${rows[0].n} deliveries recorded of ${count}`);
        }
        await new Promise((r) => setTimeout(r, 1_000));
      }
      const { rows } = await pool.query<{ late: number; delivered: Date | null }>(
        `SELECT extract(epoch FROM (s.recorded_at - (s.data->>'scheduledFor')::timestamptz)) * 1000 AS late
           FROM events s WHERE s.event_type = 'ReminderSent' AND s.stream_id LIKE $1`,
        [`followup-${planId}-%`],
      );
      const last = await pool.query<{ at: Date }>(
        `SELECT max(recorded_at) AS at FROM events WHERE event_type = 'ReminderDelivered' AND stream_id LIKE $1`,
        [`followup-${planId}-%`],
      );
      log.log(`${planId}: ${rows.length} sent, ${sink.received() - sentBefore} mails received`);
      return {
        firstMs: fireMs,
        lateness: rows.map((r) => Number(r.late)).sort((a, b) => a - b),
        deliveredSeconds: last.rows[0].at ? (last.rows[0].at.getTime() - fireMs) / 1000 : NaN,
      };
    };

    const burstResult = await fireBurst('bench-burst', burst);
    figures.push(
      { metric: `${burst} reminders due at the same minute: sent (ReminderSent)`, value: burstResult.lateness.length, unit: 'reminders' },
      {
        metric: `${burst} reminders: stage time → last ReminderDelivered`,
        value: burstResult.deliveredSeconds,
        unit: 's',
        target: quick ? undefined : '<= 20 s',
        pass: quick ? undefined : burstResult.deliveredSeconds <= 20 && burstResult.lateness.length === burst,
      },
      { metric: 'burst lateness p50 (stage time → ReminderSent committed)', value: percentile(burstResult.lateness, 50), unit: 'ms' },
      { metric: 'burst lateness p99', value: percentile(burstResult.lateness, 99), unit: 'ms' },
    );
    // "Idle": after the burst, once the worker's consumer and projections have caught up with it.
    const settled = Date.now() + 180_000;
    for (;;) {
      const head = await store.safeHeadPosition();
      const { rows } = await pool.query<{ behind: number }>(
        `SELECT (SELECT count(*) FROM projection_checkpoints WHERE position < $1)
              + (SELECT count(*) FROM follow_up_checkpoint WHERE position < $1) AS behind`,
        [head],
      );
      if (Number(rows[0].behind) === 0 || Date.now() > settled) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await new Promise((r) => setTimeout(r, 5_000));
    const idleResult = await fireBurst('bench-idle', idle);
    figures.push(
      { metric: `idle lateness p50 (${idle} stages at one minute)`, value: percentile(idleResult.lateness, 50), unit: 'ms' },
      { metric: 'idle lateness p99', value: percentile(idleResult.lateness, 99), unit: 'ms', target: '<= 250 ms', pass: percentile(idleResult.lateness, 99) <= 250 },
    );
  } finally {
    await Promise.all(
      workers.map((child) => (child.exitCode === null ? new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))) : null)),
    );
    await sink.close();
    await redis.stop();
  }
  return figures;
}
