import { Module } from '@nestjs/common';
import { AgencyScorecardController } from './agency-scorecard.controller';
import { ObligationsController } from './obligations.controller';
import { PlanProgressController } from './plan-progress.controller';
import { TaskBoardController } from './task-board.controller';

/**
 * The query side over HTTP: thin controllers over TaskingQueries (ProjectionsModule, global).
 * Status classes are computed against the injected clock at the time of each query.
 */
@Module({
  controllers: [TaskBoardController, ObligationsController, PlanProgressController, AgencyScorecardController],
})
export class ReadModelsApiModule {}
