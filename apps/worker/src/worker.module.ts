import { DynamicModule, Module } from '@nestjs/common';
import { loadAppConfig, PlatformModule, PlatformOptions } from '@dondoc/platform';
import { EventStoreModule } from '@dondoc/event-store';
import { RedisPolicyCheck } from './redis-policy.check';
import { ProjectionsWorkerModule } from './projections/projections-worker.module';
import { SealModule } from './seal/seal.module';
import { FollowUpWorkerModule } from './follow-up/follow-up-worker.module';

/**
 * The worker: BullMQ processors for projections, reminders and seals. Wiring only. With
 * `WORKER_PROJECTIONS=off` the projections are left to projector processes (projector.ts).
 */
@Module({})
export class WorkerModule {
  static forRoot(options: PlatformOptions = {}): DynamicModule {
    const config = options.config ?? loadAppConfig();
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot({ ...options, config }),
        EventStoreModule,
        SealModule,
        ...(config.WORKER_PROJECTIONS === 'off' ? [] : [ProjectionsWorkerModule]),
        FollowUpWorkerModule,
      ],
      providers: [RedisPolicyCheck],
    };
  }
}
