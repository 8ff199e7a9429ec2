import { Module } from '@nestjs/common';
import { ProjectionsModule } from '@dondoc/projections';
import { ProjectionPoller } from './projection-poller';
import { ProjectionsProcessor } from './projections.processor';

/** Projections in the worker: the queue's processor and the slow poll. */
@Module({
  imports: [ProjectionsModule.forRoot()],
  providers: [ProjectionsProcessor, ProjectionPoller],
})
export class ProjectionsWorkerModule {}
