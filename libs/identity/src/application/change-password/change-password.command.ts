import { Command } from '@nestjs/cqrs';
import { CommandContext } from '@dondoc/event-store';
import { UserCommandResult } from '../user-stream-writer';

/** An administrator sets a new password for a user (forgotten, or suspected to be known). */
export class ChangeUserPasswordCommand extends Command<UserCommandResult> {
  constructor(
    readonly userId: string,
    readonly newPassword: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
