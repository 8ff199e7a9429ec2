import { Module } from '@nestjs/common';
import { EvaluationModule } from '@dondoc/evaluation';
import { EvaluationMovementController } from './movement.controller';
import { EvaluationProgrammesController } from './programmes.controller';
import { EvaluationUnitsController } from './units.controller';

/** Commune transformation (plan 94) and model units (plan 1875) over HTTP, under `/evaluation`. */
@Module({
  imports: [EvaluationModule],
  controllers: [EvaluationUnitsController, EvaluationProgrammesController, EvaluationMovementController],
})
export class EvaluationApiModule {}
