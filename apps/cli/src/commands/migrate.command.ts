import { Command, CommandRunner } from 'nest-commander';
import { AppConfig, ensureDatabase, runMigrations } from '@dondoc/platform';
import { ALL_ENTITIES, ALL_MIGRATIONS } from '@dondoc/schema';

@Command({ name: 'migrate', description: 'Create the database if it is missing and apply every pending migration' })
export class MigrateCommand extends CommandRunner {
  constructor(private readonly config: AppConfig) {
    super();
  }

  async run(): Promise<void> {
    await ensureDatabase(this.config.DATABASE_URL);
    const applied = await runMigrations(this.config.DATABASE_URL, ALL_ENTITIES, ALL_MIGRATIONS);
    process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date.\n');
  }
}
