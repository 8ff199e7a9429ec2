import { Command } from '@nestjs/cqrs';
import { CommandContext } from '@dondoc/event-store';
import { UserRole } from '../../domain/user.events';
import { UserCommandResult } from '../user-stream-writer';

export interface CreateUserInput {
  /** Chosen by the server when absent. */
  userId?: string;
  username: string;
  displayName: string;
  role: UserRole;
  agency: string | null;
  /** Plain text, hashed before anything is stored; never logged. */
  password: string;
}

export class CreateUserCommand extends Command<UserCommandResult> {
  constructor(
    readonly input: CreateUserInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}
