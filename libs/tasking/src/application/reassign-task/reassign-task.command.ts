import { Command } from '@nestjs/cqrs';
import { CommandContext, CommandResult } from '@dondoc/event-store/decider/command-runner';

export interface ReassignTaskInput {
  newLeadAgency: string;
  reason: string;
}

export class ReassignTaskCommand extends Command<CommandResult> {
  constructor(
    readonly taskId: string,
    readonly input: ReassignTaskInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}
