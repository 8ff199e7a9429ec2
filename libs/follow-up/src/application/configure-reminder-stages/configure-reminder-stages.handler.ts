import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, CommandRunner } from '@dondoc/event-store/decider/command-runner';
import { TaskingReader } from '@dondoc/tasking/application/tasking-reader';
import { reminderStagesStreamId } from '../../domain/follow-up.ids';
import { reminderStagesDecider } from '../../domain/reminder-stages.decider';
import { DEFAULT_REMINDER_STAGES } from '../../domain/reminder-stages';
import { commandMetadata } from '../command-metadata';
import { ConfigureReminderStagesCommand } from './configure-reminder-stages.command';

/** The plan must exist (404) and a committee agency, when named, must be registered (422). */
@CommandHandler(ConfigureReminderStagesCommand)
export class ConfigureReminderStagesHandler implements ICommandHandler<ConfigureReminderStagesCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly tasking: TaskingReader,
  ) {}

  async execute({ planId, input, context }: ConfigureReminderStagesCommand): Promise<CommandResult> {
    await this.tasking.plan(planId);
    if (input.committeeAgency) await this.tasking.requireAgencies([input.committeeAgency]);
    const stages = input.stages ?? DEFAULT_REMINDER_STAGES.map((s) => ({ ...s, to: [...s.to] }));
    return this.runner.run(
      reminderStagesDecider,
      reminderStagesStreamId(planId),
      { type: 'ConfigureReminderStages', data: { planId, stages, committeeAgency: input.committeeAgency }, metadata: commandMetadata(context) },
      context,
    );
  }
}
