import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PlatformModule } from '@dondoc/platform';
import { EventStoreModule } from '@dondoc/event-store';
import { MigrateCommand } from './commands/migrate.command';
import { TokenCommand } from './commands/token.command';

/** Admin and auditor commands; each is a nest-commander class in ./commands. */
@Module({
  imports: [PlatformModule.forRoot(), EventStoreModule, CqrsModule.forRoot()],
  providers: [MigrateCommand, TokenCommand],
})
export class CliModule {}
