import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertMayManageUsers } from '../../domain/user-authorization';
import { EVENT_STORE, EventStore } from '@dondoc/event-store';
import { IdentityErrors } from '../../domain/identity.errors';
import { isAcceptablePassword, MIN_PASSWORD_LENGTH, normalizeUsername } from '../../domain/username';
import { UserAccounts } from '../../infrastructure/user-accounts.repository';
import { credentialDigest, hashPassword } from '../password-hasher';
import { UserCommandResult, UserStreamWriter } from '../user-stream-writer';
import { CreateUserCommand } from './create-user.command';

@CommandHandler(CreateUserCommand)
export class CreateUserHandler implements ICommandHandler<CreateUserCommand, UserCommandResult> {
  constructor(
    private readonly writer: UserStreamWriter,
    private readonly accounts: UserAccounts,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ input, context }: CreateUserCommand): Promise<UserCommandResult> {
    assertMayManageUsers(context.actor);
    const userId = input.userId ?? randomUUID();
    const username = normalizeUsername(input.username);
    const agency = input.agency ?? null;
    if (!isAcceptablePassword(input.password, username)) throw IdentityErrors.passwordTooWeak(MIN_PASSWORD_LENGTH);
    // The agency must be registered (tasking's `agency-<CODE>` stream); its code goes into every
    // token of this user and scopes what they may touch.
    if (agency !== null) {
      const registered = await this.store.readStream(`agency-${agency}`, { limit: 1 });
      if (registered.events.length === 0) throw IdentityErrors.agencyUnknown(agency);
    }
    const passwordHash = await hashPassword(input.password);
    return this.writer.execute(
      userId,
      {
        type: 'CreateUser',
        now: context.now.toISOString(),
        data: {
          userId,
          username,
          displayName: input.displayName,
          role: input.role,
          agency,
          credentialDigest: credentialDigest(passwordHash),
        },
      },
      context,
      async (client, _events, _state, version) => {
        const outcome = await this.accounts.insert(client, {
          user_id: userId,
          username,
          display_name: input.displayName.trim(),
          role: input.role,
          agency,
          password_hash: passwordHash,
          created_at: context.now,
          version,
        });
        if (outcome === 'username_taken') throw IdentityErrors.usernameTaken(username);
        if (outcome === 'user_exists') throw IdentityErrors.userExists(userId);
      },
    );
  }
}
