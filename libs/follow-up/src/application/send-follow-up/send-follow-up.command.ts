import { Command } from '@nestjs/cqrs';
import { CommandContext, CommandResult } from '@dondoc/event-store/decider/command-runner';

/** The monitoring agency urges (đôn đốc) the lead agency of a task, in its own words. */
export class SendFollowUpCommand extends Command<CommandResult & { followUpId: string; messageId: string }> {
  constructor(
    readonly taskId: string,
    readonly input: { note: string; periodId: string | null; followUpId: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}
