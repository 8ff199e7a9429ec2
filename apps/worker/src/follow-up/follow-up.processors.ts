import { Inject, Injectable, Logger } from '@nestjs/common';
import { DelayedError, Job } from 'bullmq';
import { CLOCK, Clock } from '@dondoc/platform';
import {
  DeliverJobData,
  DispatchResult,
  FireStageJobData,
  FollowUpDispatcher,
  FollowUpJobName,
  FollowUpJobOutcome,
  FollowUpQueue,
  SendDigestJobData,
} from '@dondoc/follow-up';
import { StagesFirst } from './stages-first';

/** Turns a dispatcher result into what BullMQ understands: a result, a retry (throw) or a re-delay. */
async function settle(job: Job, token: string | undefined, result: DispatchResult, clock: Clock, logger: Logger): Promise<FollowUpJobOutcome> {
  switch (result.outcome) {
    case 'completed':
      logger.debug(`${job.name} ${job.id}: ${result.detail ?? 'done'}`);
      return FollowUpJobOutcome.Completed;
    case 'skipped':
      logger.debug(`${job.name} ${job.id}: skipped (${result.reason})`);
      return FollowUpJobOutcome.Skipped;
    case 'retry':
      throw result.error;
    case 'wait': {
      // Business time (the injected clock) to the instant, as a wall-clock delay for Redis.
      const delay = Math.max(0, result.untilMs - clock.now().getTime());
      await job.moveToDelayed(Date.now() + delay, token);
      throw new DelayedError();
    }
  }
}

/** The `follow-up-stages` queue: one `fire-stage` job per pending stage. */
@Injectable()
export class FollowUpStagesProcessor {
  readonly queue = FollowUpQueue.Stages;
  private readonly logger = new Logger(FollowUpStagesProcessor.name);
  private readonly handlers: Record<FollowUpJobName.FireStage, (data: FireStageJobData) => Promise<DispatchResult>> = {
    [FollowUpJobName.FireStage]: (data) => this.dispatcher.fireStage(data, this.clock.now()),
  };

  constructor(
    private readonly dispatcher: FollowUpDispatcher,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly stagesFirst: StagesFirst,
  ) {}

  async process(job: Job, token?: string): Promise<FollowUpJobOutcome> {
    const handler = this.handlers[job.name as FollowUpJobName.FireStage];
    if (!handler) {
      this.logger.warn(`no handler for job ${job.name} on ${this.queue}; skipped`);
      return FollowUpJobOutcome.Skipped;
    }
    return this.stagesFirst.stage(async () => settle(job, token, await handler(job.data), this.clock, this.logger));
  }
}

/** The `follow-up-deliveries` queue: `deliver` (one e-mail or webhook call) and `send-digest`. */
@Injectable()
export class FollowUpDeliveriesProcessor {
  readonly queue = FollowUpQueue.Deliveries;
  private readonly logger = new Logger(FollowUpDeliveriesProcessor.name);

  constructor(
    private readonly dispatcher: FollowUpDispatcher,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly stagesFirst: StagesFirst,
  ) {}

  private readonly handlers: Record<FollowUpJobName.Deliver | FollowUpJobName.SendDigest, (job: Job) => Promise<DispatchResult>> = {
    [FollowUpJobName.Deliver]: (job) =>
      this.dispatcher.deliver(job.data as DeliverJobData, this.clock.now(), { made: job.attemptsMade, max: job.opts.attempts ?? 1 }),
    [FollowUpJobName.SendDigest]: (job) => this.dispatcher.sendDigest(job.data as SendDigestJobData, this.clock.now()),
  };

  async process(job: Job, token?: string): Promise<FollowUpJobOutcome> {
    const handler = this.handlers[job.name as FollowUpJobName.Deliver | FollowUpJobName.SendDigest];
    if (!handler) {
      this.logger.warn(`no handler for job ${job.name} on ${this.queue}; skipped`);
      return FollowUpJobOutcome.Skipped;
    }
    await this.stagesFirst.stagesIdle();
    return settle(job, token, await handler(job), this.clock, this.logger);
  }
}
