import { Command } from '@nestjs/cqrs';
import { CommandContext, CommandResult } from '@dondoc/event-store/decider/command-runner';
import { ReminderStage } from '../../domain/reminder-stages';

/** Sets a plan's reminder stages; `stages: null` restores the default of issue 4. */
export class ConfigureReminderStagesCommand extends Command<CommandResult> {
  constructor(
    readonly planId: string,
    readonly input: { stages: ReminderStage[] | null; committeeAgency: string | null },
    readonly context: CommandContext,
  ) {
    super();
  }
}
