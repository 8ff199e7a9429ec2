import { Command } from '@nestjs/cqrs';
import { CommandContext, CommandResult } from '@dondoc/event-store/decider/command-runner';

export interface AgencyContactsInput {
  email: string | null;
  headEmail: string | null;
  webhookUrl: string | null;
  /** In clear, only in this command: the handler seals it. Absent = keep the secret already set. */
  webhookSecret?: string;
  digest: boolean;
}

export class SetAgencyContactsCommand extends Command<CommandResult> {
  constructor(
    readonly agency: string,
    readonly input: AgencyContactsInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}
