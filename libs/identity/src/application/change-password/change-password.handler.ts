import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TokenService } from '@dondoc/platform/auth/token.service';
import { assertMayManageUsers } from '../../domain/user-authorization';
import { IdentityErrors } from '../../domain/identity.errors';
import { isAcceptablePassword, MIN_PASSWORD_LENGTH } from '../../domain/username';
import { UserAccounts } from '../../infrastructure/user-accounts.repository';
import { credentialDigest, hashPassword } from '../password-hasher';
import { UserCommandResult, UserStreamWriter } from '../user-stream-writer';
import { ChangeUserPasswordCommand } from './change-password.command';

@CommandHandler(ChangeUserPasswordCommand)
export class ChangeUserPasswordHandler implements ICommandHandler<ChangeUserPasswordCommand, UserCommandResult> {
  constructor(
    private readonly writer: UserStreamWriter,
    private readonly accounts: UserAccounts,
    private readonly tokens: TokenService,
  ) {}

  async execute({ userId, newPassword, context }: ChangeUserPasswordCommand): Promise<UserCommandResult> {
    assertMayManageUsers(context.actor);
    const { state } = await this.writer.load(userId);
    if (state.status === 'absent') throw IdentityErrors.userNotFound(userId);
    if (!isAcceptablePassword(newPassword, state.username)) throw IdentityErrors.passwordTooWeak(MIN_PASSWORD_LENGTH);
    const passwordHash = await hashPassword(newPassword);
    return this.writer.execute(
      userId,
      { type: 'ChangeUserPassword', now: context.now.toISOString(), data: { userId, credentialDigest: credentialDigest(passwordHash) } },
      context,
      // Every token issued up to the end of this second is revoked (token times are whole
      // seconds): one issued earlier in the same second is refused too; login issues later ones.
      (client, _events, _state, version) =>
        this.accounts.setPassword(client, userId, passwordHash, context.now, version, this.tokens.nowSeconds() + 1),
    );
  }
}
