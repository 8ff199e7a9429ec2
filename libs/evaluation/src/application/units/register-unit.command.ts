import { Command } from '@nestjs/cqrs';
import { CommandContext, CommandResult } from '@dondoc/event-store';
import { UnitData } from '../../domain/units/units.types';

export class RegisterUnitCommand extends Command<CommandResult> {
  constructor(
    readonly unit: UnitData,
    readonly context: CommandContext,
  ) {
    super();
  }
}
