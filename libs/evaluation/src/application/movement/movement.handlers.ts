import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, CommandRunner } from '@dondoc/event-store';
import { localDateOf } from '../../domain/dates';
import { EvaluationErrors } from '../../domain/evaluation.errors';
import { movementDecider, warningsFor } from '../../domain/movement/movement.decider';
import { movementStreamId } from '../../domain/stream-ids';
import { EvaluationReader } from '../evaluation-reader';
import { ClassifyMovementCommand, RecogniseModelUnitCommand, RecognitionResult } from './movement.commands';
import { assertEvaluationRole } from '../../domain/authorization';

@CommandHandler(ClassifyMovementCommand)
export class ClassifyMovementHandler implements ICommandHandler<ClassifyMovementCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reader: EvaluationReader,
  ) {}

  async execute({ classification, context }: ClassifyMovementCommand): Promise<CommandResult> {
    assertEvaluationRole(context.actor, 'ClassifyMovement');
    const directory = await this.reader.directory();
    const unit = directory.get(classification.unitId);
    if (!unit) throw EvaluationErrors.unitNotFound(classification.unitId);
    return this.runner.run(
      movementDecider,
      movementStreamId(classification.year),
      {
        type: 'ClassifyMovement',
        year: classification.year,
        unit,
        provinceId: directory.provinceOf(unit.unitId)?.unitId ?? null,
        rating: classification.rating,
        safe: classification.safe,
        today: localDateOf(context.now),
        at: context.now.toISOString(),
      },
      context,
    );
  }
}

/** Recognises a model unit (only when eligible) and answers with the year's remaining quota warnings. */
@CommandHandler(RecogniseModelUnitCommand)
export class RecogniseModelUnitHandler implements ICommandHandler<RecogniseModelUnitCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reader: EvaluationReader,
  ) {}

  async execute({ recognition, context }: RecogniseModelUnitCommand): Promise<RecognitionResult> {
    assertEvaluationRole(context.actor, 'RecogniseModelUnit');
    const directory = await this.reader.directory();
    if (!directory.get(recognition.unitId)) throw EvaluationErrors.unitNotFound(recognition.unitId);
    const result = await this.runner.run(
      movementDecider,
      movementStreamId(recognition.year),
      {
        type: 'RecogniseModelUnit',
        year: recognition.year,
        unitId: recognition.unitId,
        decision: recognition.decision,
        today: localDateOf(context.now),
        at: context.now.toISOString(),
      },
      context,
    );
    const province = directory.provinceOf(recognition.unitId);
    const { state } = await this.reader.movement(recognition.year);
    // Units recorded under any province that is (or became) the same province count together.
    const today = localDateOf(context.now);
    const same = province ? directory.resolve(province.unitId, today)?.unitId : null;
    const provinceIds = new Set<string | null>(
      province ? directory.all().filter((u) => u.level === 'province' && directory.resolve(u.unitId, today)?.unitId === same).map((u) => u.unitId) : [null],
    );
    return {
      ...result,
      year: recognition.year,
      unitId: recognition.unitId,
      warnings: warningsFor(state, recognition.year, provinceIds, province?.name ?? ''),
    };
  }
}
