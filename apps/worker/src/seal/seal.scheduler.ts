import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SealService } from '@dondoc/audit';
import { AppConfig } from '@dondoc/platform';

/**
 * Seals newly committed events every SEAL_INTERVAL_MS. A plain timer rather than a BullMQ
 * repeatable job: sealing is idempotent and race-safe in the database (unique seal number,
 * range and hash; the loser reloads), so any number of workers may run it and a missed tick
 * costs nothing but a few seconds. Runs never overlap within a process.
 */
@Injectable()
export class SealScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SealScheduler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly seals: SealService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.SEAL_INTERVAL_MS);
    void this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One sealing run; a failure is logged and the next tick tries again. */
  tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.seals
      .sealPending()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.error(`sealing failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.running = null));
    return this.running;
  }
}
