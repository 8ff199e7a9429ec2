import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, CommandRunner } from '@dondoc/event-store/decider/command-runner';
import { taskDecider } from '../../domain/task.decider';
import { taskStreamId } from '../../domain/stream-ids';
import { commandMetadata } from '../command-metadata';
import { ReviewReportCommand } from './review-report.command';

@CommandHandler(ReviewReportCommand)
export class ReviewReportHandler implements ICommandHandler<ReviewReportCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ taskId, reportId, input, context }: ReviewReportCommand): Promise<CommandResult> {
    return this.runner.run(
      taskDecider,
      taskStreamId(taskId),
      { type: 'ReviewReport', data: { ...input, taskId, reportId }, metadata: commandMetadata(context) },
      context,
    );
  }
}
