import { Command, CommandRunner, Option } from 'nest-commander';
import { ROLES, Role, TokenService } from '@dondoc/platform';

interface TokenOptions {
  user: string;
  role: Role;
  agency?: string;
  ttl?: number;
}

/** Mints a bearer token for an operator or a demo; users normally log in through the API. */
@Command({ name: 'token', description: 'Print a bearer token for a user, role and agency' })
export class TokenCommand extends CommandRunner {
  constructor(private readonly tokens: TokenService) {
    super();
  }

  async run(_: string[], options: TokenOptions): Promise<void> {
    if (!ROLES.includes(options.role) || options.role === 'system') {
      throw new Error(`role must be one of ${ROLES.filter((r) => r !== 'system').join(', ')}`);
    }
    if (options.role === 'agency' && !options.agency) throw new Error('an agency officer needs --agency CODE');
    const token = this.tokens.issue({ userId: options.user, role: options.role, agency: options.agency ?? null }, options.ttl);
    process.stdout.write(`${token}\n`);
  }

  @Option({ flags: '-u, --user <id>', description: 'user id', required: true })
  parseUser(value: string): string {
    return value;
  }

  @Option({ flags: '-r, --role <role>', description: `one of ${ROLES.filter((r) => r !== 'system').join(', ')}`, required: true })
  parseRole(value: string): Role {
    return value as Role;
  }

  @Option({ flags: '-a, --agency <code>', description: 'agency code (for agency officers)' })
  parseAgency(value: string): string {
    return value;
  }

  @Option({ flags: '--ttl <seconds>', description: 'lifetime in seconds' })
  parseTtl(value: string): number {
    return Number(value);
  }
}
