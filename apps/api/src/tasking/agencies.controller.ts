import { Body, Controller, Headers, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CLOCK, Clock, CurrentActor, Roles } from '@dondoc/platform';
import {
  ALLOWED_ROLES,
  RecordAgencySuccessionCommand,
  RecordAgencySuccessionsCommand,
  RecordedSuccession,
  RegisterAgencyCommand,
} from '@dondoc/tasking';
import { commandContext } from '../http/command-context';
import { AgencyCodeParam } from '../read-models/read-models-http';
import {
  CommandResponseDto,
  RecordAgencySuccessionDto,
  RecordAgencySuccessionsDto,
  RecordedSuccessionsDto,
  RegisterAgencyDto,
} from './tasking.dto';
import { CommandRoute, toResponse } from './tasking-http';

@ApiTags('tasking')
@ApiBearerAuth()
@Controller('agencies')
export class AgenciesController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @Roles(...ALLOWED_ROLES.RegisterAgency)
  @CommandRoute({ ifMatch: false })
  @ApiOperation({ summary: 'Register an agency (stream `agency-<code>`); collective addressees like UBND_HUYEN too' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  async register(
    @Body() body: RegisterAgencyDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<CommandResponseDto> {
    const context = commandContext(actor, this.clock.now(), idempotencyKey);
    const input = { ...body, nameEn: body.nameEn ?? null };
    return toResponse(await this.commands.execute(new RegisterAgencyCommand(input, context)));
  }

  @Post(':code/succession')
  @Roles(...ALLOWED_ROLES.RecordAgencySuccession)
  @CommandRoute({ ifMatch: true })
  @ApiOperation({
    summary: 'Record that an agency ceased on a day and its work passes to a successor (event AgencySucceeded on `agency-<code>`)',
    description:
      'E.g. a district People\'s Committee abolished on 2025-07-01. Nothing recorded is rewritten: tasks keep their lead agency; ' +
      'the read models show each task under the agency that answers for it at their time (`shownAgency`), so current figures ' +
      'show the successor and the audit\'s as-of replays of an earlier date the original agency. From that day the ' +
      "successor's officers act on and read the predecessor's tasks, and the ceased agency's officers get 403 AGENCY_CEASED. " +
      'Refused: an unregistered agency (404) or successor (422 AGENCY_NOT_FOUND), the agency itself (SUCCESSOR_IS_SELF), an ' +
      'agency already succeeded (409 AGENCY_ALREADY_SUCCEEDED), a cycle (422 SUCCESSION_CYCLE), a successor that ceased on or ' +
      'before the day (422 SUCCESSOR_CEASED). If-Match: the version of `agency-<code>`.',
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  async recordSuccession(
    @AgencyCodeParam('code') code: string,
    @Body() body: RecordAgencySuccessionDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CommandResponseDto> {
    const context = commandContext(actor, this.clock.now(), idempotencyKey, ifMatch);
    const input = { code, successorCode: body.successorCode, effectiveOn: body.effectiveOn, reason: body.reason };
    return toResponse(await this.commands.execute(new RecordAgencySuccessionCommand(input, context)));
  }

  @Post('successions')
  @Roles(...ALLOWED_ROLES.RecordAgencySuccession)
  @CommandRoute({ ifMatch: false })
  @ApiOperation({
    summary: 'Record many successions on one day for one reason (the reform of 1 July 2025: every district committee at once)',
    description:
      'Every item is checked, in order and against what the earlier items leave, before anything is appended; one refused item ' +
      'refuses the request, naming it (`details.item`, from 0). Then each succession is appended to its own stream. Should the ' +
      'process stop between two appends, send the same request with the same Idempotency-Key: recorded items come back as ' +
      '`duplicate`, the others are appended.',
  })
  @ApiCreatedResponse({ type: RecordedSuccessionsDto })
  async recordSuccessions(
    @Body() body: RecordAgencySuccessionsDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<RecordedSuccessionsDto> {
    const context = commandContext(actor, this.clock.now(), idempotencyKey);
    const input = { effectiveOn: body.effectiveOn, reason: body.reason, items: body.items.map((i) => ({ code: i.code, successorCode: i.successorCode })) };
    const results: RecordedSuccession[] = await this.commands.execute(new RecordAgencySuccessionsCommand(input, context));
    const items = results.map((r) => ({ code: r.code, successorCode: r.successorCode, ...toResponse(r) }));
    return { items, position: Math.max(0, ...results.map((r) => r.position)) };
  }
}
