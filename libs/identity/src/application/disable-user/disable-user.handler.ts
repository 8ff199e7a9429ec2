import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertMayManageUsers } from '../../domain/user-authorization';
import { UserAccounts } from '../../infrastructure/user-accounts.repository';
import { UserCommandResult, UserStreamWriter } from '../user-stream-writer';
import { DisableUserCommand } from './disable-user.command';

@CommandHandler(DisableUserCommand)
export class DisableUserHandler implements ICommandHandler<DisableUserCommand, UserCommandResult> {
  constructor(
    private readonly writer: UserStreamWriter,
    private readonly accounts: UserAccounts,
  ) {}

  async execute({ userId, reason, context }: DisableUserCommand): Promise<UserCommandResult> {
    assertMayManageUsers(context.actor);
    return this.writer.execute(
      userId,
      { type: 'DisableUser', now: context.now.toISOString(), data: { userId, reason } },
      context,
      (client, _events, _state, version) => this.accounts.setDisabled(client, userId, context.now, version),
    );
  }
}
