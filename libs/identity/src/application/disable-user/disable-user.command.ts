import { Command } from '@nestjs/cqrs';
import { CommandContext } from '@dondoc/event-store';
import { UserCommandResult } from '../user-stream-writer';

/** Locks an account: login is refused and tokens already issued stop working. */
export class DisableUserCommand extends Command<UserCommandResult> {
  constructor(
    readonly userId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
