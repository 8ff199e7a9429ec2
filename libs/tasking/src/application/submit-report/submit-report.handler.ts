import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, CommandRunner } from '@dondoc/event-store/decider/command-runner';
import { taskDecider } from '../../domain/task.decider';
import { taskStreamId } from '../../domain/stream-ids';
import { commandMetadata } from '../command-metadata';
import { OBLIGATION_DEADLINES, ObligationDeadlines, periodDeadline } from '../obligation-deadlines';
import { TaskingReader } from '../tasking-reader';
import { SubmitReportCommand } from './submit-report.command';

/**
 * Resolves the period's deadline from the task's obligation and the plan's period, or from its
 * granted extension's new date, and lets the decider judge lateness.
 *
 * The deadline is on the calendar with every day off or working day declared up to the
 * command's time. Lateness is decided once, here, and recorded in `ReportSubmitted` (`late`
 * and the `dueAt` it was judged against): a day declared later never reopens that judgement,
 * so the status of a closed period never changes (DESIGN.md, calendar facts). A declaration
 * made before the deadline passed does count, on time or not.
 */
@CommandHandler(SubmitReportCommand)
export class SubmitReportHandler implements ICommandHandler<SubmitReportCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reader: TaskingReader,
    @Inject(OBLIGATION_DEADLINES) private readonly deadlines: ObligationDeadlines,
  ) {}

  async execute({ taskId, input, context }: SubmitReportCommand): Promise<CommandResult> {
    const { task } = await this.reader.task(taskId);
    const plan = await this.reader.plan(task.planId);
    const { dueAt, extensionId } = await periodDeadline(this.deadlines, task, plan.period, input.periodId, context.now);
    // An agency officer may be answering for a predecessor's task (DESIGN.md: administrative units change).
    const successions = context.actor.role === 'agency' ? await this.reader.successions([task.leadAgency], context.now) : undefined;
    return this.runner.run(
      taskDecider,
      taskStreamId(taskId),
      { type: 'SubmitReport', data: { ...input, taskId, dueAt, extensionId }, metadata: { ...commandMetadata(context), successions } },
      context,
    );
  }
}
