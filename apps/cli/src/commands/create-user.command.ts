import { Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Command, CommandRunner, Option } from 'nest-commander';
import { CreateUserCommand, USER_ROLES, UserRole } from '@dondoc/identity';
import { CLOCK, Clock, SYSTEM_ACTOR } from '@dondoc/platform';

interface CreateUserOptions {
  username: string;
  role: UserRole;
  agency?: string;
  name?: string;
  password?: string;
  passwordStdin?: boolean;
}

/** One-off secret of this invocation (not configuration): the new user's password. */
const PASSWORD_ENV = 'DONDOC_USER_PASSWORD';

/**
 * Creates a user from the operator's shell (the first administrator, typically). The actor
 * recorded is the system: whoever can run the CLI can reach the database anyway.
 * The password comes from --password-stdin, the DONDOC_USER_PASSWORD environment variable,
 * or --password (visible in the process list: avoid on shared machines).
 */
@Command({ name: 'create-user', description: 'Create a user (roles: committee, monitoring, agency, auditor, admin)' })
export class CreateUserCliCommand extends CommandRunner {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    super();
  }

  async run(_: string[], options: CreateUserOptions): Promise<void> {
    if (!USER_ROLES.includes(options.role)) throw new Error(`--role must be one of ${USER_ROLES.join(', ')}`);
    const password = options.passwordStdin ? await readStdin() : (process.env[PASSWORD_ENV] ?? options.password);
    if (!password) throw new Error(`give the password with --password-stdin, ${PASSWORD_ENV}, or --password`);
    const result = await this.commands.execute(
      new CreateUserCommand(
        {
          username: options.username,
          displayName: options.name ?? options.username,
          role: options.role,
          agency: options.agency ?? null,
          password,
        },
        { actor: SYSTEM_ACTOR, now: this.clock.now() },
      ),
    );
    process.stdout.write(`Đã tạo người dùng ${options.username} (${options.role}) với mã ${result.userId}\n`);
  }

  @Option({ flags: '-u, --username <name>', description: 'login name', required: true })
  parseUsername(value: string): string {
    return value;
  }

  @Option({ flags: '-r, --role <role>', description: USER_ROLES.join(', '), required: true })
  parseRole(value: string): UserRole {
    return value as UserRole;
  }

  @Option({ flags: '-a, --agency <code>', description: 'agency code (required for role agency)' })
  parseAgency(value: string): string {
    return value;
  }

  @Option({ flags: '-n, --name <displayName>', description: 'full name (default: the login name)' })
  parseName(value: string): string {
    return value;
  }

  @Option({ flags: '-p, --password <password>', description: 'password (prefer --password-stdin or DONDOC_USER_PASSWORD)' })
  parsePassword(value: string): string {
    return value;
  }

  @Option({ flags: '--password-stdin', description: 'read the password from standard input' })
  parsePasswordStdin(): boolean {
    return true;
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}
