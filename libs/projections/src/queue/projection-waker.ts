import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { ProjectionJobName, ProjectJobData, projectJobId, QueueName } from './projection-queue';

/** Injection token: the names of the projections to wake (the API needs no projection code). */
export const PROJECTION_NAMES = Symbol('PROJECTION_NAMES');

/**
 * Tells the workers that events were appended: one deduplicated `project` job per projection.
 * While a projection's job waits, further wake-ups collapse into it; while it runs, one more is
 * kept for after it (BullMQ `keepLastIfActive`), so an append during a run is never left behind.
 * Within this process, a wake-up while one is being sent is folded into one more send.
 */
@Injectable()
export class ProjectionWaker {
  private readonly logger = new Logger(ProjectionWaker.name);
  private readonly sending = new Map<string, { again: boolean; done: Promise<void> }>();

  constructor(
    @InjectQueue(QueueName.Projections) private readonly queue: Queue<ProjectJobData>,
    @Inject(PROJECTION_NAMES) private readonly names: readonly string[],
  ) {}

  /** Resolves once every projection's job is in the queue. */
  async wake(names: readonly string[] = this.names): Promise<void> {
    await Promise.all(names.map((name) => this.wakeOne(name)));
  }

  /** For callers that must not wait (e.g. after an HTTP command): failures are logged, the worker's poll covers them. */
  wakeSoon(names: readonly string[] = this.names): void {
    this.wake(names).catch((error: Error) => this.logger.warn(`could not wake the projections: ${error.message}`));
  }

  private wakeOne(name: string): Promise<void> {
    const current = this.sending.get(name);
    if (current) {
      current.again = true;
      return current.done;
    }
    const state = { again: false, done: Promise.resolve() };
    state.done = (async () => {
      try {
        do {
          state.again = false;
          await this.queue.add(
            ProjectionJobName.Project,
            { projection: name },
            {
              deduplication: { id: projectJobId(name), keepLastIfActive: true },
              removeOnComplete: true,
              removeOnFail: 100,
            },
          );
        } while (state.again);
      } finally {
        this.sending.delete(name);
      }
    })();
    this.sending.set(name, state);
    return state.done;
  }
}
