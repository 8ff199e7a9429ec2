import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, CommandRunner } from '@dondoc/event-store/decider/command-runner';
import { taskDecider } from '../../domain/task.decider';
import { taskStreamId } from '../../domain/stream-ids';
import { commandMetadata } from '../command-metadata';
import { CompleteTaskCommand } from './complete-task.command';

@CommandHandler(CompleteTaskCommand)
export class CompleteTaskHandler implements ICommandHandler<CompleteTaskCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ taskId, input, context }: CompleteTaskCommand): Promise<CommandResult> {
    return this.runner.run(
      taskDecider,
      taskStreamId(taskId),
      { type: 'CompleteTask', data: { ...input, taskId }, metadata: commandMetadata(context) },
      context,
    );
  }
}
