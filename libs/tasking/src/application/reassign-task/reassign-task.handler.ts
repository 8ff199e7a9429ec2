import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, CommandRunner } from '@dondoc/event-store/decider/command-runner';
import { taskDecider } from '../../domain/task.decider';
import { taskStreamId } from '../../domain/stream-ids';
import { commandMetadata } from '../command-metadata';
import { TaskingReader } from '../tasking-reader';
import { ReassignTaskCommand } from './reassign-task.command';

/** The task must exist (404) and the new lead agency be registered (422 `AGENCY_NOT_FOUND`). */
@CommandHandler(ReassignTaskCommand)
export class ReassignTaskHandler implements ICommandHandler<ReassignTaskCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reader: TaskingReader,
  ) {}

  async execute({ taskId, input, context }: ReassignTaskCommand): Promise<CommandResult> {
    await this.reader.task(taskId);
    await this.reader.requireAgencies([input.newLeadAgency]);
    return this.runner.run(
      taskDecider,
      taskStreamId(taskId),
      { type: 'ReassignTask', data: { ...input, taskId }, metadata: commandMetadata(context) },
      context,
    );
  }
}
