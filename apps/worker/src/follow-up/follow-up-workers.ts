import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { AppConfig, CLOCK, Clock, PG_POOL, REDIS, checkRedisEvictionPolicy } from '@dondoc/platform';
import { bullConnection } from '@dondoc/projections/queue/projection-queue';
import { FollowUpReconciler } from '@dondoc/follow-up';
import { FollowUpDeliveriesProcessor, FollowUpStagesProcessor } from './follow-up.processors';

/** How often the consumer looks for new events (assignments, reports, messages) to schedule. */
export const FOLLOW_UP_POLL_MS = 1_000;

/**
 * Runs the follow-up queues' BullMQ workers (created here, not by decorators, so that they start
 * only after Redis's eviction policy was checked and take their settings from the config),
 * reconciles Redis with the event store at start and every REMINDER_RECONCILE_SECONDS, and
 * polls the follow-up consumer every second.
 */
@Injectable()
export class FollowUpWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FollowUpWorkers.name);
  private workers: Worker[] = [];
  private timers: NodeJS.Timeout[] = [];
  private busy: Promise<unknown> = Promise.resolve();
  private readonly queued = new Set<string>();
  private stopped = false;

  constructor(
    private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly reconciler: FollowUpReconciler,
    private readonly stages: FollowUpStagesProcessor,
    private readonly deliveries: FollowUpDeliveriesProcessor,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const problem = await checkRedisEvictionPolicy(this.redis);
    if (problem) throw new Error(problem);
    await this.warmPool();
    const options = {
      connection: bullConnection(this.config.REDIS_URL),
      prefix: this.config.REDIS_PREFIX,
      concurrency: this.config.FOLLOW_UP_CONCURRENCY,
      lockDuration: this.config.QUEUE_LOCK_MS,
      stalledInterval: this.config.QUEUE_LOCK_MS,
      // A job on a killed worker is taken over when its lock expires; it is safe to run again.
      maxStalledCount: 100,
    };
    for (const processor of [this.stages, this.deliveries]) {
      const worker = new Worker(processor.queue, (job, token) => processor.process(job, token), options);
      worker.on('failed', (job, error) => this.logger.warn(`${processor.queue} ${job?.id}: ${error.message}`));
      worker.on('error', (error) => this.logger.error(`${processor.queue}: ${error.message}`));
      this.workers.push(worker);
    }
    this.run('reconcile', () => this.reconcile());
    this.every('poll', FOLLOW_UP_POLL_MS, () => this.reconciler.catchUp(() => this.clock.now().getTime()));
    this.every('reconcile', this.config.REMINDER_RECONCILE_SECONDS * 1000, () => this.reconcile());
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await this.busy.catch(() => undefined);
    await Promise.all(this.workers.map((worker) => worker.close()));
  }

  /** Opens the PG_POOL_MIN connections now, so that the first stages do not wait for them. */
  private async warmPool(): Promise<void> {
    const n = Math.min(this.config.PG_POOL_MIN, this.config.PG_POOL_SIZE);
    const clients = await Promise.all(Array.from({ length: n }, () => this.pool.connect()));
    for (const client of clients) client.release();
  }

  /** Rebuilds Redis from the event store now (also used by tests after moving the clock). */
  reconcile() {
    return this.reconciler.reconcile(() => this.clock.now().getTime());
  }

  private every(name: string, ms: number, task: () => Promise<unknown>): void {
    const timer = setInterval(() => this.run(name, task), ms);
    timer.unref();
    this.timers.push(timer);
  }

  /** One task at a time (a slow reconcile is not overlapped by polls), and at most one of each kind waiting. */
  private run(name: string, task: () => Promise<unknown>): void {
    if (this.stopped || this.queued.has(name)) return;
    this.queued.add(name);
    this.busy = this.busy
      .then(() => {
        this.queued.delete(name);
        return this.stopped ? undefined : task();
      })
      .catch((error: Error) => this.logger.error(`follow-up ${name}: ${error.message}`, error.stack));
  }
}
