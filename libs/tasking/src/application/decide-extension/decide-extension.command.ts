import { Command } from '@nestjs/cqrs';
import { CommandContext, CommandResult } from '@dondoc/event-store/decider/command-runner';
import { LocalDate } from '../../domain/tasking.types';

/** A grant without `newDueDate` grants the date that was asked for. */
export type DecideExtensionInput = { decision: 'grant'; newDueDate: LocalDate | null } | { decision: 'refuse'; reason: string };

export class DecideExtensionCommand extends Command<CommandResult> {
  constructor(
    readonly taskId: string,
    readonly extensionId: string,
    readonly input: DecideExtensionInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}
