import { Body, Controller, Get, Headers, Inject, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  DefineProgrammeCommand,
  EVALUATION_ALLOWED_ROLES,
  EvaluateCommuneCommand,
  EvaluationQueries,
  ImportProgrammeCommand,
  ProgrammeCatalogue,
  localDateOf,
  RecordRelapseCommand,
  SelectCommuneCommand,
} from '@dondoc/evaluation';
import type { Finding, ProgrammeDefinition } from '@dondoc/evaluation';
import { Actor, CLOCK, Clock, CurrentActor, Roles } from '@dondoc/platform';
import { commandContext } from '../http/command-context';
import {
  DefineProgrammeDto,
  EvaluateCommuneDto,
  EvaluationResponseDto,
  FindingDto,
  ImportProgrammeDto,
  ProgrammeCommandResponseDto,
  RecordRelapseDto,
  RelapseResponseDto,
  SelectCommuneDto,
  SelectionResponseDto,
  YearAsOfQueryDto,
} from './evaluation.dto';
import { EvaluationCommandRoute, EvaluationIdParam, toEvaluationResponse } from './evaluation-http';

const findingsOf = (findings: FindingDto[] | undefined): Finding[] =>
  (findings ?? []).map((f) => ({ group: f.group, criterionId: f.criterionId ?? null, value: f.value ?? null, note: f.note ?? null }));

/** The district-year stream a selection, evaluation or relapse is written to (If-Match is its version). */
const DISTRICT_YEAR_STREAM = 'the district-year stream `transformation-<districtId>-<year>` (see `streamId`/`streamVersion` in the statistics)';

/**
 * Commune transformation (plan 94/KH-UBND): programmes, yearly selections under the 15% cap,
 * evaluations at the end of a commune's year, relapses, and the statistics per district and year.
 */
@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('evaluation/programmes')
export class EvaluationProgrammesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: EvaluationQueries,
    private readonly catalogue: ProgrammeCatalogue,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @Roles(...EVALUATION_ALLOWED_ROLES.DefineProgramme)
  @EvaluationCommandRoute({ ifMatch: 'the programme stream (0: must not exist yet)', conflicts: 'PROGRAMME_ALREADY_DEFINED (same id, different content)' })
  @ApiOperation({
    summary: 'Define an evaluation programme from a plan: indicators, success rule, yearly selection cap, duration per commune, goals, criteria groups',
    description: 'Defining the same programme again appends nothing; a different one under the same id is refused: what was recorded is never rewritten.',
  })
  @ApiCreatedResponse({ type: ProgrammeCommandResponseDto })
  async define(
    @Body() body: DefineProgrammeDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<ProgrammeCommandResponseDto> {
    const context = commandContext(actor, this.clock.now(), idempotencyKey, ifMatch);
    // Plain data (no DTO class instances) is what the event records and what the decider compares.
    const definition = JSON.parse(JSON.stringify(body)) as ProgrammeDefinition;
    const result = await this.commands.execute(new DefineProgrammeCommand(definition, context));
    return { ...toEvaluationResponse(result), programmeId: result.programmeId };
  }

  @Post('import')
  @Roles(...EVALUATION_ALLOWED_ROLES.DefineProgramme)
  @EvaluationCommandRoute({ ifMatch: null, conflicts: 'PROGRAMME_ALREADY_DEFINED' })
  @ApiOperation({
    summary: 'Import the programme of a plan as `fixtures/` encode it (plan 94: fixtures/plan-94-ba-ria-vung-tau-2017.json)',
    description:
      'Reads indicators, success_rule, selection (cap, criteria groups), programme_goals and period; the programme id is the fixture key ' +
      'without `plan-`. The command id is derived from the content, so importing the same file again appends nothing. ' +
      'PLAN_FIXTURE_INVALID (400) names every field that cannot be read.',
  })
  @ApiCreatedResponse({ type: ProgrammeCommandResponseDto })
  async import(@Body() body: ImportProgrammeDto, @CurrentActor() actor: Actor): Promise<ProgrammeCommandResponseDto> {
    const context = commandContext(actor, this.clock.now());
    const result = await this.commands.execute(new ImportProgrammeCommand(body.plan, context));
    return { ...toEvaluationResponse(result), programmeId: result.programmeId };
  }

  @Get()
  @Roles(...EVALUATION_ALLOWED_ROLES.ReadEvaluation)
  @ApiOperation({ summary: 'The programmes defined so far, newest first (id, plan, period)' })
  @ApiOkResponse({ description: '{ items: [{ programmeId, title, plan, period, definedAt }] }' })
  async list() {
    return { items: await this.catalogue.list() };
  }

  @Get(':programmeId')
  @Roles(...EVALUATION_ALLOWED_ROLES.ReadEvaluation)
  @ApiOperation({ summary: 'A programme as defined, with the number of indicators a commune must meet (`requiredMetCount`)' })
  @ApiOkResponse({ description: 'the definition and requiredMetCount' })
  @ApiNotFoundResponse({ description: 'PROGRAMME_NOT_FOUND' })
  programme(@EvaluationIdParam('programmeId') programmeId: string) {
    return this.queries.programme(programmeId);
  }

  @Post(':programmeId/selections')
  @Roles(...EVALUATION_ALLOWED_ROLES.SelectCommune)
  @EvaluationCommandRoute({
    ifMatch: DISTRICT_YEAR_STREAM,
    conflicts:
      'SELECTION_CAP_REACHED (names the cap and the count), COMMUNE_ALREADY_SELECTED, COMMUNE_IN_TRANSFORMATION, COMMUNE_ALREADY_TRANSFORMED, ' +
      "BUSY (another selection in the district did not finish within 30 s)",
    unprocessable: 'UNIT_NOT_FOUND, NOT_A_COMMUNE, COMMUNE_WITHOUT_DISTRICT, UNIT_NOT_ACTIVE, YEAR_OUTSIDE_PROGRAMME',
  })
  @ApiOperation({
    summary: 'Select a commune (xã, phường, thị trấn) for transformation in a year, with its findings under the four criteria groups',
    description:
      'At most floor(15% × N) communes of a district per year, N = its commune-level units existing today (20 → 3; fewer than 7 → 0). ' +
      'Every selection counts against the cap, whatever became of it. Two selections at once at the cap: one is refused (409 ' +
      'SELECTION_CAP_REACHED with `details.cap` and `details.selectedCount`), because both append to the same district-year stream ' +
      'with the version they decided on. Selections of one district take turns across years, so one commune selected for two ' +
      'years at once is selected once; the other gets 409 COMMUNE_IN_TRANSFORMATION (docs/architecture.md).',
  })
  @ApiCreatedResponse({ type: SelectionResponseDto })
  async select(
    @EvaluationIdParam('programmeId') programmeId: string,
    @Body() body: SelectCommuneDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<SelectionResponseDto> {
    const context = commandContext(actor, this.clock.now(), idempotencyKey, ifMatch);
    const result = await this.commands.execute(
      new SelectCommuneCommand({ programmeId, year: body.year, communeId: body.communeId, findings: findingsOf(body.findings) }, context),
    );
    return {
      ...toEvaluationResponse(result),
      districtId: result.districtId,
      year: result.year,
      communeId: result.communeId,
      status: result.status,
      cap: result.cap,
      evaluationDueOn: result.evaluationDueOn,
    };
  }

  @Post(':programmeId/evaluations')
  @Roles(...EVALUATION_ALLOWED_ROLES.EvaluateCommune)
  @EvaluationCommandRoute({
    ifMatch: DISTRICT_YEAR_STREAM,
    conflicts: 'COMMUNE_ALREADY_EVALUATED',
    unprocessable: 'EVALUATION_NOT_DUE (before the end of the commune’s year), UNIT_NOT_FOUND',
  })
  @ApiOperation({
    summary: 'Evaluate a selected commune at the end of its year with the measured value of every indicator',
    description:
      'The rule decides: success when met / total ≥ 80% exactly (8 of the 9 indicators of plan 94; 80% is success, 79.9% is not) and ' +
      'every required condition holds. The answer lists each indicator’s value and whether it was met. A success takes the commune ' +
      'off the list. A 400 names every missing, unknown or mistyped measurement.',
  })
  @ApiCreatedResponse({ type: EvaluationResponseDto })
  async evaluate(
    @EvaluationIdParam('programmeId') programmeId: string,
    @Body() body: EvaluateCommuneDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<EvaluationResponseDto> {
    const context = commandContext(actor, this.clock.now(), idempotencyKey, ifMatch);
    const result = await this.commands.execute(
      new EvaluateCommuneCommand(
        {
          programmeId,
          year: body.year,
          communeId: body.communeId,
          measurements: body.measurements.map((m) => ({ indicatorId: m.indicatorId, value: m.value })),
          conditions: (body.conditions ?? []).map((c) => ({ conditionId: c.conditionId, held: c.held })),
          note: body.note ?? null,
        },
        context,
      ),
    );
    return {
      ...toEvaluationResponse(result),
      districtId: result.districtId,
      year: result.year,
      communeId: result.communeId,
      status: result.status,
      outcome: result.outcome,
    };
  }

  @Post(':programmeId/relapses')
  @Roles(...EVALUATION_ALLOWED_ROLES.RecordRelapse)
  @EvaluationCommandRoute({ ifMatch: DISTRICT_YEAR_STREAM, conflicts: 'COMMUNE_NOT_TRANSFORMED, COMMUNE_ALREADY_RELAPSED' })
  @ApiOperation({ summary: 'Record that a transformed commune became complex again (phức tạp trở lại); it goes back on the list' })
  @ApiCreatedResponse({ type: RelapseResponseDto })
  async relapse(
    @EvaluationIdParam('programmeId') programmeId: string,
    @Body() body: RecordRelapseDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<RelapseResponseDto> {
    const context = commandContext(actor, this.clock.now(), idempotencyKey, ifMatch);
    const result = await this.commands.execute(
      new RecordRelapseCommand({ programmeId, year: body.year, communeId: body.communeId, reason: body.reason, findings: findingsOf(body.findings) }, context),
    );
    return { ...toEvaluationResponse(result), districtId: result.districtId, year: result.year, communeId: result.communeId, status: result.status };
  }

  @Get(':programmeId/statistics')
  @Roles(...EVALUATION_ALLOWED_ROLES.ReadEvaluation)
  @ApiOperation({
    summary: 'Figures of a year, one row per district as shown on `asOf`, and province-wide totals',
    description:
      'Per district: communes selected against the cap, evaluated, pending, overdue, succeeded, failed, relapsed; the success rate against ' +
      '60% and the no-relapse rate against 85% (`met`, `not_met`, `pending`, `not_applicable`). Events count when they occurred on or ' +
      'before the end of `asOf` (Asia/Ho_Chi_Minh; default today). After 1 July 2025 abolished districts appear under their successor; ' +
      'as of an earlier date, under their own name. Computed from the streams on each request (docs/architecture.md).',
  })
  @ApiOkResponse({ description: '{ programmeId, year, asOf, goals, rows: [{ shownAs, districts, totals }], totals }' })
  @ApiForbiddenResponse({ description: 'ROLE_NOT_ALLOWED' })
  @ApiNotFoundResponse({ description: 'PROGRAMME_NOT_FOUND' })
  statistics(@EvaluationIdParam('programmeId') programmeId: string, @Query() query: YearAsOfQueryDto) {
    return this.queries.yearStatistics(programmeId, query.year, query.asOf ?? localDateOf(this.clock.now()));
  }

  @Get(':programmeId/districts/:unitId/statistics')
  @Roles(...EVALUATION_ALLOWED_ROLES.ReadEvaluation)
  @ApiOperation({
    summary: 'Figures of one district and year, commune by commune; asked about a successor, it gathers the districts it succeeded',
  })
  @ApiOkResponse({ description: '{ unit, districts: [{ district, cap, counts, successRate, noRelapseRate, communes, streamId, streamVersion }], totals }' })
  @ApiNotFoundResponse({ description: 'PROGRAMME_NOT_FOUND, UNIT_NOT_FOUND' })
  districtStatistics(
    @EvaluationIdParam('programmeId') programmeId: string,
    @EvaluationIdParam('unitId') unitId: string,
    @Query() query: YearAsOfQueryDto,
  ) {
    return this.queries.districtStatistics(programmeId, unitId, query.year, query.asOf ?? localDateOf(this.clock.now()));
  }
}
