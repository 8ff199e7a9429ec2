import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, CommandRunner } from '@dondoc/event-store';
import { UNITS_STREAM_ID } from '../../domain/stream-ids';
import { unitsDecider } from '../../domain/units/units.decider';
import { RegisterUnitCommand } from './register-unit.command';
import { assertEvaluationRole } from '../../domain/authorization';

@CommandHandler(RegisterUnitCommand)
export class RegisterUnitHandler implements ICommandHandler<RegisterUnitCommand> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ unit, context }: RegisterUnitCommand): Promise<CommandResult> {
    assertEvaluationRole(context.actor, 'RegisterUnit');
    return this.runner.run(unitsDecider, UNITS_STREAM_ID, { type: 'RegisterUnit', unit, at: context.now.toISOString() }, context);
  }
}
