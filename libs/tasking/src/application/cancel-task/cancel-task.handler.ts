import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, CommandRunner } from '@dondoc/event-store/decider/command-runner';
import { taskDecider } from '../../domain/task.decider';
import { taskStreamId } from '../../domain/stream-ids';
import { commandMetadata } from '../command-metadata';
import { CancelTaskCommand } from './cancel-task.command';

@CommandHandler(CancelTaskCommand)
export class CancelTaskHandler implements ICommandHandler<CancelTaskCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ taskId, input, context }: CancelTaskCommand): Promise<CommandResult> {
    return this.runner.run(
      taskDecider,
      taskStreamId(taskId),
      { type: 'CancelTask', data: { ...input, taskId }, metadata: commandMetadata(context) },
      context,
    );
  }
}
