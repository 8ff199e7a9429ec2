import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, Clock } from '@dondoc/platform/clock/clock';
import { DomainError } from '@dondoc/platform/errors/domain-error';
import { VerifyAnchor, VerifyProgress, VerifyReport } from '../domain/verify-report';
import { StoreVerifier, VerifyOptions } from './store-verifier';

export interface VerificationJob {
  jobId: string;
  status: 'running' | 'done' | 'failed';
  /** The outside seal this job compares with (null: none); the report says it again. */
  anchor: VerifyAnchor | null;
  startedAt: string;
  progress: VerifyProgress | null;
  report: VerifyReport | null;
  error: string | null;
}

const KEEP_FINISHED = 20;
/** Runs at once per process: each reads the whole store. */
const MAX_RUNNING = 2;

const sameAnchor = (a: VerifyAnchor | null, b: VerifyAnchor | null) =>
  a === b || (a !== null && b !== null && a.sealNo === b.sealNo && a.sealHash === b.sealHash);

/**
 * Verify in the background for large stores: the API answers at once with a job id and the
 * caller polls it. A request joins a running job only when it asks for exactly the same check
 * (the same anchor, or none): an anchored request never gets an un-anchored "ok". At most
 * MAX_RUNNING different runs at once (409 `VERIFICATION_BUSY` beyond). Jobs live in this
 * process's memory, so poll the instance that started it (or use the CLI).
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
    const anchor = options.anchor ? { sealNo: options.anchor.sealNo, sealHash: options.anchor.sealHash.toLowerCase() } : null;
    const running = [...this.jobs.values()].filter((j) => j.status === 'running');
    const same = running.find((j) => sameAnchor(j.anchor, anchor));
    if (same) return same;
    if (running.length >= MAX_RUNNING) {
      throw new DomainError('conflict', 'VERIFICATION_BUSY', `Đang có ${running.length} lượt kiểm tra chạy; hãy thử lại khi một lượt xong`, {
        running: running.map((j) => j.jobId),
      });
    }
    const job: VerificationJob = {
      jobId: randomUUID(),
      status: 'running',
      anchor,
      startedAt: this.clock.now().toISOString(),
      progress: null,
      report: null,
      error: null,
    };
    this.jobs.set(job.jobId, job);
    this.verifier
      .verify({ ...options, anchor: anchor ?? undefined, onProgress: (progress) => (job.progress = progress) })
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
