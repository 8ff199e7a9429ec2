import { Body, Controller, Get, Headers, Inject, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVALUATION_ALLOWED_ROLES, EvaluationQueries, localDateOf, RegisterUnitCommand, ReorganiseUnitsCommand, UNITS_STREAM_ID } from '@dondoc/evaluation';
import { Actor, CLOCK, Clock, CurrentActor, Roles } from '@dondoc/platform';
import { commandContext } from '../http/command-context';
import { AsOfQueryDto, EvaluationCommandResponseDto, RegisterUnitDto, ReorganiseUnitsDto, UnitCommandResponseDto, UnitsQueryDto } from './evaluation.dto';
import { EvaluationCommandRoute, EvaluationIdParam, toEvaluationResponse } from './evaluation-http';

/**
 * Administrative units (provinces, districts, communes, wards, towns) and the organisations
 * that can be evaluated (agencies, enterprises, schools), with their reorganisations.
 * All of them live in one stream, `administrative-units`.
 */
@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('evaluation')
export class EvaluationUnitsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: EvaluationQueries,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('units')
  @Roles(...EVALUATION_ALLOWED_ROLES.RegisterUnit)
  @EvaluationCommandRoute({ ifMatch: `\`${UNITS_STREAM_ID}\``, conflicts: 'UNIT_ALREADY_REGISTERED (same id, different data)' })
  @ApiOperation({
    summary: 'Register a unit: province, district (huyện, quận, thị xã, thành phố), commune (xã, phường, thị trấn) or organisation (cơ quan, doanh nghiệp, cơ sở giáo dục)',
    description: 'Registering the same unit again appends nothing (`appended: 0`). A 400 names every bad field (kind not of the level, unknown or wrong-level parent).',
  })
  @ApiCreatedResponse({ type: UnitCommandResponseDto })
  async register(
    @Body() body: RegisterUnitDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<UnitCommandResponseDto> {
    const context = commandContext(actor, this.clock.now(), idempotencyKey, ifMatch);
    const unit = { unitId: body.unitId, name: body.name, level: body.level, kind: body.kind, parentId: body.parentId ?? null, validFrom: body.validFrom ?? null };
    return { ...toEvaluationResponse(await this.commands.execute(new RegisterUnitCommand(unit, context))), unitId: unit.unitId };
  }

  @Post('reorganisations')
  @Roles(...EVALUATION_ALLOWED_ROLES.ReorganiseUnits)
  @EvaluationCommandRoute({ ifMatch: `\`${UNITS_STREAM_ID}\``, conflicts: 'REORGANISATION_ALREADY_RECORDED (same id, different content)' })
  @ApiOperation({
    summary: 'Record a reorganisation on a date (e.g. 1 July 2025: district level abolished, communes merged) with each old unit’s successor',
    description:
      'One append: the new units, then every succession. Nothing recorded about the old units is rewritten: current figures show ' +
      'the successor, figures as of a date before `effectiveOn` show the original unit. The same reorganisation again appends nothing.',
  })
  @ApiCreatedResponse({ type: EvaluationCommandResponseDto })
  async reorganise(
    @Body() body: ReorganiseUnitsDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<EvaluationCommandResponseDto> {
    const context = commandContext(actor, this.clock.now(), idempotencyKey, ifMatch);
    const reorganisation = {
      reorganisationId: body.reorganisationId,
      effectiveOn: body.effectiveOn,
      basis: body.basis,
      newUnits: (body.newUnits ?? []).map((u) => ({ unitId: u.unitId, name: u.name, level: u.level, kind: u.kind, parentId: u.parentId ?? null })),
      successions: body.successions.map((s) => ({ unitId: s.unitId, successorId: s.successorId ?? null })),
    };
    return toEvaluationResponse(await this.commands.execute(new ReorganiseUnitsCommand(reorganisation, context)));
  }

  @Get('units')
  @Roles(...EVALUATION_ALLOWED_ROLES.ReadEvaluation)
  @ApiOperation({
    summary: 'The registry, paged: each unit with its validity, whether it exists on `asOf`, and what it is shown as then (its successor after a reorganisation)',
  })
  @ApiOkResponse({ description: '{ items, page, pageSize, total, asOf }' })
  @ApiForbiddenResponse({ description: 'ROLE_NOT_ALLOWED' })
  units(@Query() query: UnitsQueryDto) {
    return this.queries.units(query.asOf ?? localDateOf(this.clock.now()), {
      level: query.level,
      parentId: query.parentId,
      page: query.page,
      pageSize: query.pageSize,
    });
  }

  @Get('units/:unitId')
  @Roles(...EVALUATION_ALLOWED_ROLES.ReadEvaluation)
  @ApiOperation({ summary: 'One unit as of a date: what it is shown as (successor) and the units it stands for (predecessors)' })
  @ApiOkResponse({ description: 'the unit, existsOn, shownAs, predecessors' })
  @ApiNotFoundResponse({ description: 'UNIT_NOT_FOUND' })
  unit(@EvaluationIdParam('unitId') unitId: string, @Query() query: AsOfQueryDto) {
    return this.queries.unit(unitId, query.asOf ?? localDateOf(this.clock.now()));
  }
}
