import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { streamKind, StreamKindRegistry } from '@dondoc/audit/domain/stream-kinds';
import { movementDecider } from './domain/movement/movement.decider';
import { programmeDecider } from './domain/programme/programme.decider';
import { MOVEMENT_STREAM_PREFIX, PROGRAMME_STREAM_PREFIX, TRANSFORMATION_STREAM_PREFIX, UNITS_STREAM_ID } from './domain/stream-ids';
import { transformationDecider } from './domain/transformation/transformation.decider';
import { unitsDecider } from './domain/units/units.decider';
import { EvaluationReader } from './application/evaluation-reader';
import { ClassifyMovementHandler, RecogniseModelUnitHandler } from './application/movement/movement.handlers';
import { DefineProgrammeHandler, ImportProgrammeHandler } from './application/programme/define-programme.handler';
import { EvaluationQueries } from './application/queries/evaluation.queries';
import { ProgrammeCatalogue } from './application/queries/programme-catalogue';
import { EvaluateCommuneHandler, RecordRelapseHandler, SelectCommuneHandler } from './application/transformation/transformation.handlers';
import { RegisterUnitHandler } from './application/units/register-unit.handler';
import { ReorganiseUnitsHandler } from './application/units/reorganise-units.handler';

export const EVALUATION_COMMAND_HANDLERS = [
  RegisterUnitHandler,
  ReorganiseUnitsHandler,
  DefineProgrammeHandler,
  ImportProgrammeHandler,
  SelectCommuneHandler,
  EvaluateCommuneHandler,
  RecordRelapseHandler,
  ClassifyMovementHandler,
  RecogniseModelUnitHandler,
];

/** How time travel (audit) folds the evaluation streams, by stream id prefix. */
export function evaluationStreamKinds() {
  return [
    streamKind(UNITS_STREAM_ID, 'administrative-units', unitsDecider),
    streamKind(PROGRAMME_STREAM_PREFIX, 'evaluation-programme', programmeDecider),
    streamKind(TRANSFORMATION_STREAM_PREFIX, 'commune-transformation', transformationDecider),
    streamKind(MOVEMENT_STREAM_PREFIX, 'movement', movementDecider),
  ];
}

/**
 * Commune transformation (plan 94) and model units (plan 1875). Needs the global
 * EventStoreModule (CommandRunner) and CqrsModule.forRoot() from the app. When the app also
 * runs the audit context, the evaluation streams are registered for its time travel.
 */
@Module({
  providers: [EvaluationReader, EvaluationQueries, ProgrammeCatalogue, ...EVALUATION_COMMAND_HANDLERS],
  exports: [EvaluationReader, EvaluationQueries, ProgrammeCatalogue],
})
export class EvaluationModule implements OnModuleInit {
  private readonly logger = new Logger(EvaluationModule.name);

  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    let registry: StreamKindRegistry;
    try {
      registry = this.moduleRef.get(StreamKindRegistry, { strict: false });
    } catch {
      return; // no audit context in this process
    }
    for (const kind of evaluationStreamKinds()) {
      if (!registry.list().some((k) => k.prefix === kind.prefix)) registry.register(kind);
    }
    this.logger.debug(`time travel knows the evaluation streams (${evaluationStreamKinds().map((k) => k.prefix).join(', ')})`);
  }
}
