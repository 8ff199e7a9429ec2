import { Module } from '@nestjs/common';
import { AuditModule } from '@dondoc/audit';
import { SealScheduler } from './seal.scheduler';

/** The seal processor of the worker (DESIGN.md, tamper evidence). */
@Module({
  imports: [AuditModule],
  providers: [SealScheduler],
})
export class SealModule {}
