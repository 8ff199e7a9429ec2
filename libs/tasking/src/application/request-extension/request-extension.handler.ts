import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, CommandRunner } from '@dondoc/event-store/decider/command-runner';
import { taskDecider } from '../../domain/task.decider';
import { taskStreamId } from '../../domain/stream-ids';
import { isLocalDate } from '../../domain/tasking.types';
import { TaskingErrors } from '../../domain/tasking.errors';
import { commandMetadata } from '../command-metadata';
import { OBLIGATION_DEADLINES, ObligationDeadlines, periodDeadline } from '../obligation-deadlines';
import { TaskingReader } from '../tasking-reader';
import { RequestExtensionCommand } from './request-extension.command';

@CommandHandler(RequestExtensionCommand)
export class RequestExtensionHandler implements ICommandHandler<RequestExtensionCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reader: TaskingReader,
    @Inject(OBLIGATION_DEADLINES) private readonly deadlines: ObligationDeadlines,
  ) {}

  async execute({ taskId, input, context }: RequestExtensionCommand): Promise<CommandResult> {
    const { task } = await this.reader.task(taskId);
    const plan = await this.reader.plan(task.planId);
    if (!isLocalDate(input.requestedDueDate)) throw TaskingErrors.dateInvalid('requestedDueDate', input.requestedDueDate);
    // Both on the calendar as declared up to now (see SubmitReportHandler).
    const current = await periodDeadline(this.deadlines, task, plan.period, input.periodId, context.now);
    const data = {
      ...input,
      taskId,
      dueAt: current.dueAt,
      currentExtensionId: current.extensionId,
      requestedDueAt: await this.deadlines.dueAtOfDate(input.requestedDueDate, context.now),
    };
    // An agency officer may be answering for a predecessor's task (DESIGN.md: administrative units change).
    const successions = context.actor.role === 'agency' ? await this.reader.successions([task.leadAgency], context.now) : undefined;
    return this.runner.run(
      taskDecider,
      taskStreamId(taskId),
      { type: 'RequestExtension', data, metadata: { ...commandMetadata(context), successions } },
      context,
    );
  }
}
