import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UserAccounts } from '../../infrastructure/user-accounts.repository';
import { UserCommandResult, UserStreamWriter } from '../user-stream-writer';
import { DisableUserCommand } from './disable-user.command';

@CommandHandler(DisableUserCommand)
export class DisableUserHandler implements ICommandHandler<DisableUserCommand, UserCommandResult> {
  constructor(
    private readonly writer: UserStreamWriter,
    private readonly accounts: UserAccounts,
  ) {}

  execute({ userId, reason, context }: DisableUserCommand): Promise<UserCommandResult> {
    return this.writer.execute(
      userId,
      { type: 'DisableUser', now: context.now.toISOString(), data: { userId, reason } },
      context,
      (client, _events, _state, version) => this.accounts.setDisabled(client, userId, context.now, version),
    );
  }
}
