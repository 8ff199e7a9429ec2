import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { PG_POOL } from '@dondoc/platform';
import { ProjectionEngine } from '@dondoc/projections';

/** How often the worker looks for appends nobody woke it for. */
export const PROJECTION_POLL_MS = 1_000;

/**
 * The slow path: every second, the projections whose checkpoint is behind the newest committed
 * event are caught up directly, whatever happened to their wake-up (an API that could not reach
 * Redis, a writer that does not wake, a job stuck on a killed worker until BullMQ sees it
 * stalled). Also catches every projection up at start.
 */
@Injectable()
export class ProjectionPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProjectionPoller.name);
  private timer: NodeJS.Timeout | null = null;
  private tick: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly engine: ProjectionEngine,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.engine.ensureCheckpoints();
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.tick;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.tick = this.poll().finally(() => this.schedule(PROJECTION_POLL_MS));
    }, ms);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    try {
      const behind = await this.pool.query<{ name: string }>(
        `SELECT n.name FROM unnest($1::text[]) AS n(name)
           LEFT JOIN projection_checkpoints c ON c.name = n.name
          WHERE coalesce(c.position, 0) < (SELECT coalesce(max(global_position), 0) FROM events)`,
        [this.engine.names],
      );
      await Promise.all(
        behind.rows.map(({ name }) =>
          this.engine.catchUp(name).catch((error: Error) => this.logger.error(`${name}: ${error.message}`, error.stack)),
        ),
      );
    } catch (error) {
      this.logger.warn(`poll failed: ${(error as Error).message}`);
    }
  }
}
