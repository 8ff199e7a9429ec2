import { Command } from '@nestjs/cqrs';
import { CommandContext, CommandResult } from '@dondoc/event-store/decider/command-runner';

export type ReviewReportInput = { decision: 'accept' } | { decision: 'return'; reason: string };

export class ReviewReportCommand extends Command<CommandResult> {
  constructor(
    readonly taskId: string,
    readonly reportId: string,
    readonly input: ReviewReportInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}
