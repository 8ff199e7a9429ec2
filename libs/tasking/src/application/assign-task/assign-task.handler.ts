import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, CommandRunner } from '@dondoc/event-store/decider/command-runner';
import { taskDecider } from '../../domain/task.decider';
import { taskStreamId } from '../../domain/stream-ids';
import { commandMetadata } from '../command-metadata';
import { TaskingReader } from '../tasking-reader';
import { AssignTaskCommand } from './assign-task.command';

/**
 * The plan must exist (404 `PLAN_NOT_FOUND`) and every agency named must be registered (422
 * `AGENCY_NOT_FOUND`). A task given neither a due date nor a schedule takes the plan's default
 * reporting schedule (e.g. "ngày 20 hằng tháng" for plan 118).
 */
@CommandHandler(AssignTaskCommand)
export class AssignTaskHandler implements ICommandHandler<AssignTaskCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reader: TaskingReader,
  ) {}

  async execute({ planId, input, context }: AssignTaskCommand): Promise<CommandResult> {
    const plan = await this.reader.plan(planId);
    await this.reader.requireAgencies([input.leadAgency, ...(input.coordinatingAgencies ?? [])]);
    const usesDefault = input.dueDate == null && input.reportingSchedule == null;
    const data = {
      ...input,
      planId,
      reportingSchedule: usesDefault ? plan.defaultReportingSchedule : input.reportingSchedule,
    };
    return this.runner.run(
      taskDecider,
      taskStreamId(input.taskId),
      { type: 'AssignTask', data, metadata: commandMetadata(context) },
      context,
    );
  }
}
