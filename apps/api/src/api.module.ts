import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthGuard, DomainExceptionFilter, PlatformModule, PlatformOptions } from '@dondoc/platform';
import { EventStoreModule } from '@dondoc/event-store';
import { HealthController } from './system/health.controller';
import { StreamsController } from './streams/streams.controller';
import { IdentityApiModule } from './identity/identity-api.module';
import { AuditApiModule } from './audit/audit-api.module';
import { TaskingApiModule } from './tasking/tasking-api.module';
import { FollowUpApiModule } from './follow-up/follow-up-api.module';
import { EvaluationApiModule } from './evaluation/evaluation-api.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { ProjectionsModule } from '@dondoc/projections';
import { ReadModelsApiModule } from './read-models/read-models-api.module';
import { MetricsController } from './system/metrics.controller';

/** The HTTP API: wires the context libraries to controllers; no logic of its own. */
@Module({})
export class ApiModule {
  static forRoot(options: PlatformOptions = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [PlatformModule.forRoot(options), EventStoreModule, CqrsModule.forRoot(), IdentityApiModule, AuditApiModule, TaskingApiModule, EvaluationApiModule, ProjectionsModule.forRoot(), ReadModelsApiModule, FollowUpApiModule, DashboardModule],
      controllers: [HealthController, StreamsController, MetricsController],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: DomainExceptionFilter },
      ],
    };
  }
}
