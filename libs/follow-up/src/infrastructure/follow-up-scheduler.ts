import { Logger } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { deliveryJobId, digestJobId, stageJobId } from '../domain/follow-up.ids';
import { DeliverJobData, FireStageJobData, FollowUpJobName, SendDigestJobData } from './follow-up-queue';

export interface PendingStage extends FireStageJobData {
  stageId: string;
}

export interface PendingDelivery extends DeliverJobData {
  notBefore: string;
}

export interface DeliveryRetry {
  attempts: number;
  backoffMs: number;
}

/** Completed jobs are kept a day so that re-adding the same id (reconciler, a second worker) adds nothing. */
const KEEP_COMPLETED = { age: 24 * 3600, count: 200_000 };
const KEEP_FAILED = { age: 7 * 24 * 3600 };
const BULK = 1_000;

/**
 * Puts stages and deliveries into Redis as delayed jobs with deterministic ids. Redis holds no
 * truth: every job re-reads the event store when it runs, so adding a job twice, late, or after
 * its work was done is harmless. Delays are business time (the injected clock) to the job's
 * instant; when the clock has passed an instant whose job still waits (a manual clock moved
 * forward, a clock step), the job is promoted.
 */
export class FollowUpScheduler {
  private readonly logger = new Logger(FollowUpScheduler.name);

  constructor(
    readonly stages: Queue,
    readonly deliveries: Queue,
    private readonly retry: DeliveryRetry,
  ) {}

  /** `promote`: also make ready at once the jobs already waiting whose instant has passed (the reconciler). */
  async scheduleStages(pending: readonly PendingStage[], nowMs: number, options: { promote?: boolean } = {}): Promise<number> {
    let added = 0;
    for (let i = 0; i < pending.length; i += BULK) {
      const chunk = pending.slice(i, i + BULK);
      await this.stages.addBulk(
        chunk.map((stage) => {
          const { stageId, ...data } = stage;
          return {
            name: FollowUpJobName.FireStage,
            data,
            opts: this.options(stageJobId(stageId), Date.parse(stage.fireAt) - nowMs, { attempts: 10, backoffMs: 1_000 }),
          };
        }),
      );
      if (options.promote) await this.promoteDue(this.stages, chunk.filter((s) => Date.parse(s.fireAt) <= nowMs).map((s) => stageJobId(s.stageId)));
      added += chunk.length;
    }
    return added;
  }

  async scheduleDeliveries(pending: readonly PendingDelivery[], nowMs: number, options: { promote?: boolean } = {}): Promise<number> {
    for (let i = 0; i < pending.length; i += BULK) {
      const chunk = pending.slice(i, i + BULK);
      await this.deliveries.addBulk(
        chunk.map(({ notBefore, ...data }) => ({
          name: FollowUpJobName.Deliver,
          data,
          opts: this.options(deliveryJobId(data.deliveryId), Date.parse(notBefore) - nowMs, this.retry),
        })),
      );
      if (options.promote) await this.promoteDue(this.deliveries, chunk.filter((d) => Date.parse(d.notBefore) <= nowMs).map((d) => deliveryJobId(d.deliveryId)));
    }
    return pending.length;
  }

  async scheduleDigest(data: SendDigestJobData, atMs: number, nowMs: number): Promise<void> {
    const jobId = digestJobId(data.agency, data.digestDate);
    // A digest job is removed when done, so that items that arrive later that day get another batch.
    await this.deliveries.add(FollowUpJobName.SendDigest, data, {
      ...this.options(jobId, atMs - nowMs, { attempts: 10, backoffMs: 5_000 }),
      removeOnComplete: true,
    });
    if (atMs <= nowMs) await this.promoteDue(this.deliveries, [jobId]);
  }

  private options(jobId: string, delayMs: number, retry: DeliveryRetry): JobsOptions {
    return {
      jobId,
      delay: Math.max(0, Math.floor(delayMs)),
      attempts: retry.attempts,
      backoff: { type: 'exponential', delay: retry.backoffMs },
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: KEEP_FAILED,
    };
  }

  /** Jobs whose instant has come but that still wait in the delayed set are made ready now. */
  private async promoteDue(queue: Queue, jobIds: readonly string[]): Promise<void> {
    if (jobIds.length === 0) return;
    // BullMQ's client is an ioredis connection; its typing only shows the commands BullMQ uses.
    const client = (await queue.client) as unknown as import('ioredis').Redis;
    const delayedKey = queue.keys.delayed;
    const pipeline = client.pipeline();
    for (const id of jobIds) pipeline.zscore(delayedKey, id);
    const scores = (await pipeline.exec()) ?? [];
    const waiting = jobIds.filter((_, i) => scores[i]?.[1] !== null && scores[i]?.[1] !== undefined);
    for (const id of waiting) {
      const job = await queue.getJob(id);
      await job?.promote().catch((error: Error) => this.logger.debug(`promote ${id}: ${error.message}`));
    }
  }
}
