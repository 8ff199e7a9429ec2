import { Body, Controller, Headers, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CLOCK, Clock, CurrentActor, Roles } from '@dondoc/platform';
import { ALLOWED_ROLES, AssignTaskCommand, IssuePlanCommand } from '@dondoc/tasking';
import { commandContext } from '../http/command-context';
import {
  AssignTaskDto,
  CreatedPlanResponseDto,
  CreatedTaskResponseDto,
  IssuePlanDto,
  SCHEDULE_DTOS,
} from './tasking.dto';
import { CommandRoute, IdParam, newId, toResponse, toSchedule } from './tasking-http';

@ApiTags('tasking')
@ApiBearerAuth()
@ApiExtraModels(...SCHEDULE_DTOS)
@Controller('plans')
export class PlansController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @Roles(...ALLOWED_ROLES.IssuePlan)
  @CommandRoute({ ifMatch: false })
  @ApiOperation({ summary: 'Issue a plan (Kế hoạch): number, issuer, period, objectives, monitoring agency, default reporting schedule' })
  @ApiCreatedResponse({ type: CreatedPlanResponseDto })
  async issue(
    @Body() body: IssuePlanDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<CreatedPlanResponseDto> {
    const context = commandContext(actor, this.clock.now(), idempotencyKey);
    const planId = body.planId ?? newId('plan', '', context.commandId);
    const input = {
      planId,
      number: body.number,
      issuerAgency: body.issuerAgency,
      issuedOn: body.issuedOn,
      title: body.title,
      period: { start: body.period.start, end: body.period.end ?? null },
      objectives: body.objectives ?? [],
      monitoringAgency: body.monitoringAgency,
      defaultReportingSchedule: toSchedule(body.defaultReportingSchedule),
    };
    return { ...toResponse(await this.commands.execute(new IssuePlanCommand(input, context))), planId };
  }

  @Post(':planId/tasks')
  @Roles(...ALLOWED_ROLES.AssignTask)
  @CommandRoute({ ifMatch: true })
  @ApiOperation({
    summary: 'Assign a task: one lead agency (chủ trì), coordinating agencies (phối hợp), a due date and/or a reporting schedule',
    description: "If-Match applies to the new task's stream (0 = must not exist).",
  })
  @ApiCreatedResponse({ type: CreatedTaskResponseDto })
  async assign(
    @IdParam('planId') planId: string,
    @Body() body: AssignTaskDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CreatedTaskResponseDto> {
    const context = commandContext(actor, this.clock.now(), idempotencyKey, ifMatch);
    const taskId = body.taskId ?? newId('task', planId, context.commandId);
    const input = {
      taskId,
      title: body.title,
      text: body.text ?? '',
      leadAgency: body.leadAgency,
      coordinatingAgencies: body.coordinatingAgencies ?? [],
      partners: body.partners ?? [],
      dueDate: body.dueDate ?? null,
      reportingSchedule: toSchedule(body.reportingSchedule),
      sourceRef: body.sourceRef ?? null,
    };
    return { ...toResponse(await this.commands.execute(new AssignTaskCommand(planId, input, context))), taskId };
  }
}
