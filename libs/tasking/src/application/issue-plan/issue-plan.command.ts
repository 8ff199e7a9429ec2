import { Command } from '@nestjs/cqrs';
import { CommandContext, CommandResult } from '@dondoc/event-store/decider/command-runner';
import { IssuePlan } from '../../domain/plan.commands';

export type IssuePlanInput = IssuePlan['data'];

export class IssuePlanCommand extends Command<CommandResult> {
  constructor(
    readonly input: IssuePlanInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}
