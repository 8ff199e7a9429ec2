import { Module } from '@nestjs/common';
import { FollowUpModule } from '@dondoc/follow-up';
import { FollowUpDeliveriesProcessor, FollowUpStagesProcessor } from './follow-up.processors';
import { StagesFirst } from './stages-first';
import { FollowUpWorkers } from './follow-up-workers';

/** Reminders in the worker: consumer, reconciler, stage and delivery processors. */
@Module({
  imports: [FollowUpModule.forRoot({ worker: true })],
  providers: [{ provide: StagesFirst, useFactory: () => new StagesFirst() }, FollowUpStagesProcessor, FollowUpDeliveriesProcessor, FollowUpWorkers],
  exports: [FollowUpWorkers],
})
export class FollowUpWorkerModule {}
