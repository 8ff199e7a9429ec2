import { Module } from '@nestjs/common';
import { VerifyExportCommand } from './commands/verify-export.command';

/**
 * The CLI for `verify-export` alone: no configuration, no PostgreSQL, no Redis, no tokens —
 * an auditor checks an export on any machine with the files and the public key only.
 */
@Module({ providers: [VerifyExportCommand] })
export class VerifyExportCliModule {}
