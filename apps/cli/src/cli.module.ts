import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PlatformModule } from '@dondoc/platform';
import { EventStoreModule } from '@dondoc/event-store';
import { MigrateCommand } from './commands/migrate.command';
import { TokenCommand } from './commands/token.command';
import { IdentityModule } from '@dondoc/identity';
import { AuditModule } from '@dondoc/audit';
import { VerifyCommand } from './commands/verify.command';
import { ExportCommand } from './commands/export.command';
import { VerifyExportCommand } from './commands/verify-export.command';
import { CreateUserCliCommand } from './commands/create-user.command';
import { TaskingModule } from '@dondoc/tasking';
import { ImportPlanCommand } from './commands/import-plan.command';
import { ProjectionsModule } from '@dondoc/projections';
import { RebuildCommand } from './commands/rebuild.command';

/** Admin and auditor commands; each is a nest-commander class in ./commands. */
@Module({
  imports: [PlatformModule.forRoot(), EventStoreModule, CqrsModule.forRoot(), IdentityModule, AuditModule, TaskingModule, ProjectionsModule.forRoot({ queue: false })],
  providers: [MigrateCommand, TokenCommand, VerifyCommand, ExportCommand, VerifyExportCommand, CreateUserCliCommand, ImportPlanCommand, RebuildCommand],
})
export class CliModule {}
