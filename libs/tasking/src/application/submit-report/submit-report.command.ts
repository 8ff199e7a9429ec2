import { Command } from '@nestjs/cqrs';
import { CommandContext, CommandResult } from '@dondoc/event-store/decider/command-runner';
import { SubmitReport } from '../../domain/task.commands';

/** The deadline (`dueAt`) is not an input: the handler resolves it from the calendar. */
export type SubmitReportInput = Omit<SubmitReport['data'], 'taskId' | 'dueAt'>;

export class SubmitReportCommand extends Command<CommandResult> {
  constructor(
    readonly taskId: string,
    readonly input: SubmitReportInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}
