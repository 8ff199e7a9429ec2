import { Module } from '@nestjs/common';
import { AuditModule } from '@dondoc/audit';
import { AuditController } from './audit.controller';

/** Verification, seals, time travel, the actor history, plan progress as of a date, the public key. */
@Module({
  imports: [AuditModule],
  controllers: [AuditController],
})
export class AuditApiModule {}
