import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, CommandRunner } from '@dondoc/event-store';
import { UNITS_STREAM_ID } from '../../domain/stream-ids';
import { unitsDecider } from '../../domain/units/units.decider';
import { RegisterUnitCommand } from './register-unit.command';

@CommandHandler(RegisterUnitCommand)
export class RegisterUnitHandler implements ICommandHandler<RegisterUnitCommand> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ unit, context }: RegisterUnitCommand): Promise<CommandResult> {
    return this.runner.run(unitsDecider, UNITS_STREAM_ID, { type: 'RegisterUnit', unit, at: context.now.toISOString() }, context);
  }
}
