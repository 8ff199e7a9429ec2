import { Body, Controller, Headers, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CLOCK, Clock, CurrentActor, Roles } from '@dondoc/platform';
import { ALLOWED_ROLES, RegisterAgencyCommand } from '@dondoc/tasking';
import { commandContext } from '../http/command-context';
import { CommandResponseDto, RegisterAgencyDto } from './tasking.dto';
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
}
