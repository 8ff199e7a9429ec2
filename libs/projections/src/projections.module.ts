import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module, OnModuleDestroy, Provider } from '@nestjs/common';
import { Pool } from 'pg';
import { AppConfig, CLOCK, Clock, PG_POOL } from '@dondoc/platform';
import { APPEND_LISTENER, AppendListener, EVENT_STORE, EventStore, Upcasters } from '@dondoc/event-store';
import { CheckpointWatcher } from './engine/checkpoint-watcher';
import { PROJECTIONS, Projection } from './engine/projection';
import { DEFAULT_ENGINE_OPTIONS, ProjectionEngine, ProjectionEngineOptions } from './engine/projection-engine';
import { ProjectionRebuilder } from './engine/projection-rebuilder';
import { ProjectionStatus } from './engine/projection-status';
import { bullConnection, PROJECTIONS_BULL_CONFIG, QueueName } from './queue/projection-queue';
import { PROJECTION_NAMES, ProjectionWaker } from './queue/projection-waker';
import { TaskingQueries } from './read-models/queries/tasking-queries';
import { createTaskingProjections } from './read-models/tasking-projections';

export interface ProjectionsModuleOptions {
  /**
   * Open the BullMQ queue, provide the ProjectionWaker, and wake the workers after every append
   * (the API and the worker; not the CLI, whose appends the workers' poll finds).
   */
  queue?: boolean;
  engine?: Partial<ProjectionEngineOptions>;
  /** Defaults to the tasking read models. */
  projections?: () => Projection[];
}

/** Closes the LISTEN connection of the checkpoint watcher with the application. */
class WatcherLifecycle implements OnModuleDestroy {
  constructor(private readonly watcher: CheckpointWatcher) {}

  async onModuleDestroy(): Promise<void> {
    await this.watcher.close();
  }
}

/**
 * The projection engine, rebuilds, checkpoints and lag, the read-model queries and (with
 * `queue`) the ProjectionWaker. Global, so that any command controller can inject the waker.
 */
@Module({})
export class ProjectionsModule {
  static forRoot(options: ProjectionsModuleOptions = {}): DynamicModule {
    const queue = options.queue !== false;
    const providers: Provider[] = [
      { provide: PROJECTIONS, useFactory: options.projections ?? (() => createTaskingProjections()) },
      { provide: PROJECTION_NAMES, inject: [PROJECTIONS], useFactory: (projections: Projection[]) => projections.map((p) => p.name) },
      {
        provide: ProjectionEngine,
        inject: [PG_POOL, EVENT_STORE, Upcasters, PROJECTIONS],
        useFactory: (pool: Pool, store: EventStore, upcasters: Upcasters, projections: Projection[]) =>
          new ProjectionEngine(pool, store, upcasters, projections, { ...DEFAULT_ENGINE_OPTIONS, ...options.engine }),
      },
      {
        provide: ProjectionRebuilder,
        inject: [PG_POOL, EVENT_STORE, Upcasters],
        useFactory: (pool: Pool, store: EventStore, upcasters: Upcasters) => new ProjectionRebuilder(pool, store, upcasters),
      },
      {
        provide: ProjectionStatus,
        inject: [PG_POOL, EVENT_STORE, PROJECTION_NAMES],
        useFactory: (pool: Pool, store: EventStore, names: string[]) => new ProjectionStatus(pool, store, names),
      },
      {
        provide: CheckpointWatcher,
        inject: [PG_POOL, AppConfig],
        useFactory: (pool: Pool, config: AppConfig) => new CheckpointWatcher(pool, config.DATABASE_URL),
      },
      { provide: WatcherLifecycle, inject: [CheckpointWatcher], useFactory: (watcher: CheckpointWatcher) => new WatcherLifecycle(watcher) },
      {
        provide: TaskingQueries,
        inject: [PG_POOL, CLOCK, CheckpointWatcher],
        useFactory: (pool: Pool, clock: Clock, watcher: CheckpointWatcher) => new TaskingQueries(pool, clock, watcher),
      },
    ];
    const exported: DynamicModule['exports'] = [
      PROJECTIONS,
      PROJECTION_NAMES,
      ProjectionEngine,
      ProjectionRebuilder,
      ProjectionStatus,
      CheckpointWatcher,
      TaskingQueries,
    ];
    const imports: DynamicModule['imports'] = [];
    if (queue) {
      imports.push(
        BullModule.forRootAsync(PROJECTIONS_BULL_CONFIG, {
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({ connection: bullConnection(config.REDIS_URL), prefix: config.REDIS_PREFIX }),
        }),
        BullModule.registerQueue({ name: QueueName.Projections, configKey: PROJECTIONS_BULL_CONFIG }),
      );
      providers.push(ProjectionWaker, {
        // Every append this process commits wakes the workers (EventStoreModule wraps its store
        // with this listener). Never awaited: a command succeeds even when Redis is down, and the
        // workers' poll finds its events within a second.
        provide: APPEND_LISTENER,
        inject: [ProjectionWaker],
        useFactory: (waker: ProjectionWaker): AppendListener => ({ afterAppend: () => waker.wakeSoon() }),
      });
      exported.push(ProjectionWaker, APPEND_LISTENER, BullModule);
    }
    return { module: ProjectionsModule, global: true, imports, providers, exports: exported };
  }
}
