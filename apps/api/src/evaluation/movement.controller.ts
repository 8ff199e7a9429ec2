import { Body, Controller, Get, Headers, Inject, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClassifyMovementCommand, EVALUATION_ALLOWED_ROLES, EvaluationQueries, localDateOf, RecogniseModelUnitCommand } from '@dondoc/evaluation';
import { Actor, CLOCK, Clock, CurrentActor, Roles } from '@dondoc/platform';
import { commandContext } from '../http/command-context';
import { ClassifyMovementDto, EvaluationCommandResponseDto, RecogniseModelUnitDto, RecognitionResponseDto, YearAsOfQueryDto } from './evaluation.dto';
import { EvaluationCommandRoute, toEvaluationResponse } from './evaluation-http';

const YEAR_STREAM = 'the year’s stream `movement-<year>`';

/** The All-People National Security movement and model units (plan 1875/KH-UBND). */
@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('evaluation')
export class EvaluationMovementController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: EvaluationQueries,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('movement/classifications')
  @Roles(...EVALUATION_ALLOWED_ROLES.ClassifyMovement)
  @EvaluationCommandRoute({
    ifMatch: YEAR_STREAM,
    conflicts: 'MOVEMENT_CLASSIFICATION_LOCKED (already recognised on this classification)',
    unprocessable: 'UNIT_NOT_FOUND, UNIT_NOT_EVALUABLE (districts, provinces), YEAR_IN_FUTURE, UNIT_NOT_ACTIVE',
  })
  @ApiOperation({
    summary: 'Classify the movement of a commune, ward, town or organisation for a year (xuất sắc, khá, trung bình, yếu) and whether it is rated "An toàn về an ninh, trật tự"',
    description: 'The same classification again appends nothing; a different one before recognition is a new fact (a correction).',
  })
  @ApiCreatedResponse({ type: EvaluationCommandResponseDto })
  async classify(
    @Body() body: ClassifyMovementDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<EvaluationCommandResponseDto> {
    const context = commandContext(actor, this.clock.now(), idempotencyKey, ifMatch);
    const classification = { year: body.year, unitId: body.unitId, rating: body.rating, safe: body.safe };
    return toEvaluationResponse(await this.commands.execute(new ClassifyMovementCommand(classification, context)));
  }

  @Post('model-units')
  @Roles(...EVALUATION_ALLOWED_ROLES.RecogniseModelUnit)
  @EvaluationCommandRoute({
    ifMatch: YEAR_STREAM,
    conflicts: 'MODEL_UNIT_ALREADY_RECOGNISED',
    unprocessable: 'MODEL_UNIT_NOT_ELIGIBLE (not safe, or below "khá"; reasons listed), MOVEMENT_NOT_CLASSIFIED, UNIT_NOT_FOUND',
  })
  @ApiOperation({
    summary: 'Recognise a model unit (điển hình) for a year, only where eligible: rated safe AND classified "khá" or above',
    description: 'The answer carries the year’s warnings for the unit’s province: no model xã, no model phường/thị trấn, no model cơ quan (or doanh nghiệp, cơ sở giáo dục).',
  })
  @ApiCreatedResponse({ type: RecognitionResponseDto })
  async recognise(
    @Body() body: RecogniseModelUnitDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<RecognitionResponseDto> {
    const context = commandContext(actor, this.clock.now(), idempotencyKey, ifMatch);
    const result = await this.commands.execute(
      new RecogniseModelUnitCommand({ year: body.year, unitId: body.unitId, decision: body.decision ?? null }, context),
    );
    return { ...toEvaluationResponse(result), year: result.year, unitId: result.unitId, warnings: result.warnings };
  }

  @Get('model-units')
  @Roles(...EVALUATION_ALLOWED_ROLES.ReadEvaluation)
  @ApiOperation({
    summary: 'The model units of a year per province, the eligible ones not (yet) recognised, and the warnings of plan 1875',
    description: 'Units are shown as of `asOf` (default today): after a reorganisation under their successor, before it as recorded.',
  })
  @ApiOkResponse({ description: '{ year, asOf, provinces: [{ province, classified, recognised, eligibleNotRecognised, byCategory, warnings }], warnings }' })
  @ApiForbiddenResponse({ description: 'ROLE_NOT_ALLOWED' })
  modelUnits(@Query() query: YearAsOfQueryDto) {
    return this.queries.modelUnits(query.year, query.asOf ?? localDateOf(this.clock.now()));
  }
}
