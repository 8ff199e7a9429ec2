import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, Clock } from '@dondoc/platform/clock/clock';
import { VerifyProgress, VerifyReport } from '../domain/verify-report';
import { StoreVerifier, VerifyOptions } from './store-verifier';

export interface VerificationJob {
  jobId: string;
  status: 'running' | 'done' | 'failed';
  startedAt: string;
  progress: VerifyProgress | null;
  report: VerifyReport | null;
  error: string | null;
}

const KEEP_FINISHED = 20;

/**
 * Verify in the background for large stores: the API answers at once with a job id and the
 * caller polls it. One run at a time per process (a second request joins the running one);
 * jobs live in this process's memory, so poll the instance that started it (or use the CLI).
 */
@Injectable()
export class VerificationJobs {
  private readonly logger = new Logger(VerificationJobs.name);
  private readonly jobs = new Map<string, VerificationJob>();

  constructor(
    private readonly verifier: StoreVerifier,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  start(options: Omit<VerifyOptions, 'onProgress'> = {}): VerificationJob {
    const running = [...this.jobs.values()].find((j) => j.status === 'running');
    if (running) return running;
    const job: VerificationJob = {
      jobId: randomUUID(),
      status: 'running',
      startedAt: this.clock.now().toISOString(),
      progress: null,
      report: null,
      error: null,
    };
    this.jobs.set(job.jobId, job);
    this.verifier
      .verify({ ...options, onProgress: (progress) => (job.progress = progress) })
      .then((report) => {
        job.report = report;
        job.status = 'done';
      })
      .catch((error: unknown) => {
        job.status = 'failed';
        job.error = error instanceof Error ? error.message : String(error);
        this.logger.error(`verification ${job.jobId} failed: ${job.error}`);
      })
      .finally(() => this.forgetOld());
    return job;
  }

  get(jobId: string): VerificationJob | null {
    return this.jobs.get(jobId) ?? null;
  }

  private forgetOld(): void {
    const finished = [...this.jobs.values()].filter((j) => j.status !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(job.jobId);
  }
}
