import { Command } from '@nestjs/cqrs';
import { CommandContext, CommandResult } from '@dondoc/event-store/decider/command-runner';

export interface CancelTaskInput {
  reason: string;
}

export class CancelTaskCommand extends Command<CommandResult> {
  constructor(
    readonly taskId: string,
    readonly input: CancelTaskInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}
