import { Command } from '@nestjs/cqrs';
import { CommandContext, CommandResult } from '@dondoc/event-store/decider/command-runner';

export interface CompleteTaskInput {
  note: string | null;
}

export class CompleteTaskCommand extends Command<CommandResult> {
  constructor(
    readonly taskId: string,
    readonly input: CompleteTaskInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}
