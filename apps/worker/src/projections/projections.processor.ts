import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import {
  JobOutcome,
  ProjectionEngine,
  ProjectionJobName,
  ProjectJobData,
  PROJECTIONS_BULL_CONFIG,
  QueueName,
} from '@dondoc/projections';

/** Projections applied at once by one worker process (one job per projection at a time). */
const CONCURRENCY = 4;

/**
 * The `projections` queue: one `project` job per projection, deduplicated, so that any number
 * of wake-ups while a job waits collapse into it. A job catches its projection up with the store
 * and completes; the work itself is guarded by the checkpoint lock, so a second worker (or the
 * poll) on the same projection waits for the batch in flight and goes on from its checkpoint.
 *
 * A worker killed mid-batch leaves an open transaction that PostgreSQL rolls back; its job stays
 * active until BullMQ finds it stalled (lockDuration), and meanwhile the other workers' polls
 * carry the projection on.
 */
@Processor({ name: QueueName.Projections, configKey: PROJECTIONS_BULL_CONFIG }, { concurrency: CONCURRENCY, lockDuration: 15_000, stalledInterval: 15_000 })
export class ProjectionsProcessor extends WorkerHost {
  private readonly logger = new Logger(ProjectionsProcessor.name);

  /** One handler per job name; the Record type makes a missing one a compile error. */
  private readonly handlers: Record<ProjectionJobName, (data: ProjectJobData) => Promise<JobOutcome>> = {
    [ProjectionJobName.Project]: (data) => this.project(data),
  };

  constructor(private readonly engine: ProjectionEngine) {
    super();
  }

  async process(job: Job<ProjectJobData, JobOutcome>): Promise<JobOutcome> {
    const handler = this.handlers[job.name as ProjectionJobName];
    if (!handler) {
      this.logger.warn(`no handler for job ${job.name} on ${QueueName.Projections}; skipped`);
      return JobOutcome.Skipped;
    }
    return handler(job.data);
  }

  private async project(data: ProjectJobData): Promise<JobOutcome> {
    if (typeof data?.projection !== 'string' || !this.engine.projection(data.projection)) {
      this.logger.warn(`unknown projection ${JSON.stringify(data?.projection)}; skipped`);
      return JobOutcome.Skipped;
    }
    // Failures throw: BullMQ records them, and the next wake-up or poll tries again.
    await this.engine.catchUp(data.projection);
    return JobOutcome.Completed;
  }
}
