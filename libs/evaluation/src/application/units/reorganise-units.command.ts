import { Command } from '@nestjs/cqrs';
import { CommandContext, CommandResult } from '@dondoc/event-store';
import { ReorganiseUnits } from '../../domain/units/units.commands';

export class ReorganiseUnitsCommand extends Command<CommandResult> {
  constructor(
    readonly reorganisation: Omit<ReorganiseUnits, 'type' | 'at'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}
