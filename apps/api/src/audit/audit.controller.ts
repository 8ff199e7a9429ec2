import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import {
  ActorHistoryService,
  CommuneAsOfService,
  PlanProgressAsOfService,
  SealService,
  SigningKeyService,
  StoreVerifier,
  TimeTravelService,
  VerificationJobs,
} from '@dondoc/audit';
import { CLOCK, Clock, invalid, notFound, Public, Roles } from '@dondoc/platform';
import { ActorEventsQuery, AsOfQuery, CommuneAsOfQuery, PlanProgressAsOfQuery, SealPageQuery, VerifyQuery } from './audit.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(
    private readonly verifier: StoreVerifier,
    private readonly jobs: VerificationJobs,
    private readonly seals: SealService,
    private readonly timeTravel: TimeTravelService,
    private readonly actors: ActorHistoryService,
    private readonly progress: PlanProgressAsOfService,
    private readonly communes: CommuneAsOfService,
    private readonly keys: SigningKeyService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('verify')
  @Roles('auditor', 'admin')
  @ApiOperation({
    summary:
      'Verify every stream hash chain and the chain of seals; names the first bad position and what is wrong ' +
      '(changed, missing, inserted, reordered). `background=true` answers 202 with a job to poll.',
  })
  async verify(@Query() query: VerifyQuery, @Res({ passthrough: true }) response: Response) {
    // Half an anchor would quietly verify without one: both or neither.
    if ((query.anchorSealNo === undefined) !== (query.anchorSealHash === undefined)) {
      const missing = query.anchorSealNo === undefined ? 'anchorSealNo' : 'anchorSealHash';
      throw invalid('VALIDATION_FAILED', `Dữ liệu không hợp lệ: ${missing}`, {
        fields: [{ field: missing, problems: [`${missing} phải đi cùng ${missing === 'anchorSealNo' ? 'anchorSealHash' : 'anchorSealNo'}`] }],
      });
    }
    const anchor =
      query.anchorSealNo !== undefined && query.anchorSealHash !== undefined
        ? { sealNo: query.anchorSealNo, sealHash: query.anchorSealHash }
        : undefined;
    if (query.background) {
      const job = this.jobs.start({ anchor });
      response.status(202);
      return { jobId: job.jobId, status: job.status, anchor: job.anchor, statusUrl: `/audit/verify/jobs/${job.jobId}` };
    }
    return this.verifier.verify({ anchor });
  }

  @Get('verify/jobs/:jobId')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'A background verification: status, progress and, when done, the report' })
  verificationJob(@Param('jobId') jobId: string) {
    const job = this.jobs.get(jobId);
    if (!job) throw notFound('VERIFICATION_JOB_NOT_FOUND', `Không tìm thấy lượt kiểm tra ${jobId} (trên máy chủ này)`);
    return job;
  }

  @Get('seals')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'The chain of seals, for copying outside the database (docs/threat-model.md)' })
  async sealPage(@Query() query: SealPageQuery) {
    const limit = query.limit ?? 100;
    const seals = await this.seals.page(query.after ?? 0, limit);
    return { seals, nextAfter: seals.length === limit ? seals[seals.length - 1].sealNo : null };
  }

  @Get('streams/:streamId')
  @Roles('auditor', 'admin')
  @ApiOperation({
    summary:
      "A stream's state as of an instant (`at`, by business time metadata.occurredAt) or a version, folded with its decider",
  })
  streamAsOf(@Param('streamId') streamId: string, @Query() query: AsOfQuery) {
    return this.timeTravel.stateOf(streamId, { at: query.at ? new Date(query.at) : undefined, version: query.version });
  }

  @Get('communes/:communeId')
  @Roles('auditor', 'admin')
  @ApiOperation({
    summary:
      "A commune's state as of an instant: its unit record and its entry in every transformation (plan 94) and movement " +
      '(plan 1875) stream that names it, each folded with its decider up to the instant',
  })
  communeAsOf(@Param('communeId') communeId: string, @Query() query: CommuneAsOfQuery) {
    return this.communes.asOf(communeId, query.at ? new Date(query.at) : this.clock.now());
  }

  @Get('actors/:userId/events')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'Everything one user did in a time range (by occurredAt), in global order, paged' })
  actorEvents(@Param('userId') userId: string, @Query() query: ActorEventsQuery) {
    return this.actors.eventsOf(userId, {
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      after: query.after,
      limit: query.limit ?? 100,
    });
  }

  @Get('plans/:planId/progress')
  @Roles('auditor', 'admin', 'committee', 'monitoring')
  @ApiOperation({
    summary: "A plan's progress figures as they were at an instant, replayed from the events into memory (live read models untouched)",
  })
  planProgressAsOf(@Param('planId') planId: string, @Query() query: PlanProgressAsOfQuery) {
    return this.progress.asOf(planId, query.at ? new Date(query.at) : this.clock.now());
  }

  @Get('plans/:planId/dashboard')
  @Roles('auditor', 'admin', 'committee', 'monitoring')
  @ApiOperation({
    summary: "What the committee's dashboard showed for a plan at an instant: progress, overdue obligations, agencies' figures, reminders per task",
    description: 'Replayed from the events up to `at` through the same projections and queries as the live routes; live read models untouched.',
  })
  planDashboardAsOf(@Param('planId') planId: string, @Query() query: PlanProgressAsOfQuery) {
    return this.progress.dashboardAsOf(planId, query.at ? new Date(query.at) : this.clock.now());
  }

  @Get('public-key')
  @Public()
  @ApiOperation({ summary: "The deployment's Ed25519 public key that signs export manifests (PEM)" })
  publicKey() {
    return this.keys.publicKey();
  }
}
