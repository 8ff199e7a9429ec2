import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, CommandRunner } from '@dondoc/event-store';
import { UNITS_STREAM_ID } from '../../domain/stream-ids';
import { unitsDecider } from '../../domain/units/units.decider';
import { ReorganiseUnitsCommand } from './reorganise-units.command';
import { assertEvaluationRole } from '../../domain/authorization';

/** One append to the registry: the new units and every succession together, or nothing. */
@CommandHandler(ReorganiseUnitsCommand)
export class ReorganiseUnitsHandler implements ICommandHandler<ReorganiseUnitsCommand> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ reorganisation, context }: ReorganiseUnitsCommand): Promise<CommandResult> {
    assertEvaluationRole(context.actor, 'ReorganiseUnits');
    return this.runner.run(
      unitsDecider,
      UNITS_STREAM_ID,
      { type: 'ReorganiseUnits', ...reorganisation, at: context.now.toISOString() },
      context,
    );
  }
}
