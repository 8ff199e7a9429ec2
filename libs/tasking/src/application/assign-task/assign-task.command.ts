import { Command } from '@nestjs/cqrs';
import { CommandContext, CommandResult } from '@dondoc/event-store/decider/command-runner';
import { AssignTask } from '../../domain/task.commands';

/** Without a due date and a schedule, the task takes the plan's default reporting schedule. */
export type AssignTaskInput = Omit<AssignTask['data'], 'planId'>;

export class AssignTaskCommand extends Command<CommandResult> {
  constructor(
    readonly planId: string,
    readonly input: AssignTaskInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}
