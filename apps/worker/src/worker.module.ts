import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, PlatformOptions } from '@dondoc/platform';
import { EventStoreModule } from '@dondoc/event-store';
import { RedisPolicyCheck } from './redis-policy.check';
import { ProjectionsWorkerModule } from './projections/projections-worker.module';
import { SealModule } from './seal/seal.module';
import { FollowUpWorkerModule } from './follow-up/follow-up-worker.module';

/** The worker: BullMQ processors for projections, reminders and seals. Wiring only. */
@Module({})
export class WorkerModule {
  static forRoot(options: PlatformOptions = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [PlatformModule.forRoot(options), EventStoreModule, SealModule, ProjectionsWorkerModule, FollowUpWorkerModule],
      providers: [RedisPolicyCheck],
    };
  }
}
