import { Module } from '@nestjs/common';
import { FollowUpModule } from '@dondoc/follow-up';
import { FollowUpDeliveriesProcessor, FollowUpStagesProcessor } from './follow-up.processors';
import { FollowUpWorkers } from './follow-up-workers';

/** Reminders in the worker: consumer, reconciler, stage and delivery processors. */
@Module({
  imports: [FollowUpModule.forRoot({ worker: true })],
  providers: [FollowUpStagesProcessor, FollowUpDeliveriesProcessor, FollowUpWorkers],
  exports: [FollowUpWorkers],
})
export class FollowUpWorkerModule {}
