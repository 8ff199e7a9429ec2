import { Module } from '@nestjs/common';
import { StreamKindRegistry } from './domain/stream-kinds';
import { defaultStreamKinds } from './application/default-stream-kinds';
import { SealService } from './application/seal.service';
import { StoreVerifier } from './application/store-verifier';
import { VerificationJobs } from './application/verification-jobs';
import { TimeTravelService } from './application/time-travel.service';
import { ActorHistoryService } from './application/actor-history.service';
import { CommuneAsOfService } from './application/commune-as-of.service';
import { PlanStreams } from './application/plan-streams';
import { PlanExportService } from './application/plan-export.service';
import { PlanProgressAsOfService } from './application/plan-progress-as-of.service';
import { SigningKeyService } from './application/signing-key.service';
import { SealRepository } from './infrastructure/seal.repository';

/**
 * Verification, seals, time travel and export. Needs PlatformModule and EventStoreModule
 * (both global). Other contexts add the streams they own to time travel by injecting
 * StreamKindRegistry and calling `register(streamKind('commune-', 'commune', communeDecider))`
 * in their `onModuleInit`, or by adding it to defaultStreamKinds().
 */
@Module({
  providers: [
    { provide: StreamKindRegistry, useFactory: () => new StreamKindRegistry(defaultStreamKinds()) },
    SealRepository,
    SealService,
    StoreVerifier,
    VerificationJobs,
    TimeTravelService,
    ActorHistoryService,
    CommuneAsOfService,
    PlanStreams,
    PlanExportService,
    PlanProgressAsOfService,
    SigningKeyService,
  ],
  exports: [
    StreamKindRegistry,
    SealService,
    StoreVerifier,
    VerificationJobs,
    TimeTravelService,
    ActorHistoryService,
    CommuneAsOfService,
    PlanStreams,
    PlanExportService,
    PlanProgressAsOfService,
    SigningKeyService,
  ],
})
export class AuditModule {}
