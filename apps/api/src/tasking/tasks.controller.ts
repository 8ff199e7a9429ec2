import { Body, Controller, Get, Headers, Inject, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CLOCK, Clock, CurrentActor, Roles } from '@dondoc/platform';
import {
  ALLOWED_ROLES,
  CancelTaskCommand,
  CompleteTaskCommand,
  DecideExtensionCommand,
  GetTaskQuery,
  ReassignTaskCommand,
  RequestExtensionCommand,
  ReviewReportCommand,
  SubmitReportCommand,
  TaskView,
} from '@dondoc/tasking';
import { commandContext } from '../http/command-context';
import {
  CancelTaskDto,
  CommandResponseDto,
  CompleteTaskDto,
  CreatedExtensionResponseDto,
  CreatedReportResponseDto,
  DecideExtensionDto,
  ReassignTaskDto,
  RequestExtensionDto,
  ReviewReportDto,
  SubmitReportDto,
} from './tasking.dto';
import { CommandRoute, IdParam, newId, toResponse } from './tasking-http';

@ApiTags('tasking')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':taskId')
  @Roles(...ALLOWED_ROLES.ReadTask)
  @ApiOperation({
    summary: "A task's state rebuilt from its events, with `version` (send it back in If-Match)",
    description:
      'Agency officers read the tasks their agency leads or coordinates; a coordinating agency (`visibility: coordinating`) sees ' +
      'only the reports the committee accepted and no extension requests.',
  })
  @ApiOkResponse({ description: 'status, agencies, obligation, reports, extensions, streamId, version' })
  @ApiForbiddenResponse({ description: 'NOT_YOUR_AGENCY' })
  @ApiNotFoundResponse({ description: 'TASK_NOT_FOUND' })
  get(@IdParam('taskId') taskId: string, @CurrentActor() actor: Actor): Promise<TaskView> {
    return this.queries.execute(new GetTaskQuery(taskId, actor));
  }

  @Post(':taskId/reports')
  @Roles(...ALLOWED_ROLES.SubmitReport)
  @CommandRoute({ ifMatch: true })
  @ApiOperation({
    summary: "Submit a report for a period (lead agency's officers); lateness is judged against the period's deadline",
  })
  @ApiCreatedResponse({ type: CreatedReportResponseDto })
  async submitReport(
    @IdParam('taskId') taskId: string,
    @Body() body: SubmitReportDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CreatedReportResponseDto> {
    const context = commandContext(actor, this.clock.now(), idempotencyKey, ifMatch);
    const reportId = body.reportId ?? newId('report', taskId, context.commandId);
    const input = {
      reportId,
      periodId: body.periodId,
      text: body.text,
      progressPercent: body.progressPercent,
      indicatorValues: (body.indicatorValues ?? []).map((v) => ({ indicatorId: v.indicatorId, value: v.value, note: v.note ?? null })),
    };
    const result = toResponse(await this.commands.execute(new SubmitReportCommand(taskId, input, context)));
    // The judgement recorded with the report (also for a replayed Idempotency-Key: the first run's).
    const task = await this.queries.execute<GetTaskQuery, TaskView>(new GetTaskQuery(taskId, actor));
    const report = task.reports.find((r) => r.reportId === reportId);
    return { ...result, reportId, dueAt: report?.dueAt ?? null, late: report?.late ?? null };
  }

  @Post(':taskId/reports/:reportId/review')
  @Roles(...ALLOWED_ROLES.ReviewReport)
  @CommandRoute({ ifMatch: true })
  @ApiOperation({ summary: 'Accept a report, or return it with a reason (which reopens its period)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  async review(
    @IdParam('taskId') taskId: string,
    @IdParam('reportId') reportId: string,
    @Body() body: ReviewReportDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CommandResponseDto> {
    const context = commandContext(actor, this.clock.now(), idempotencyKey, ifMatch);
    const input = body.decision === 'return' ? { decision: 'return' as const, reason: body.reason ?? '' } : { decision: 'accept' as const };
    return toResponse(await this.commands.execute(new ReviewReportCommand(taskId, reportId, input, context)));
  }

  @Post(':taskId/extensions')
  @Roles(...ALLOWED_ROLES.RequestExtension)
  @CommandRoute({ ifMatch: true })
  @ApiOperation({ summary: "Request a later deadline for a period (lead agency's officers)" })
  @ApiCreatedResponse({ type: CreatedExtensionResponseDto })
  async requestExtension(
    @IdParam('taskId') taskId: string,
    @Body() body: RequestExtensionDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CreatedExtensionResponseDto> {
    const context = commandContext(actor, this.clock.now(), idempotencyKey, ifMatch);
    const extensionId = body.extensionId ?? newId('extension', taskId, context.commandId);
    const input = { extensionId, periodId: body.periodId, requestedDueDate: body.requestedDueDate, reason: body.reason };
    return { ...toResponse(await this.commands.execute(new RequestExtensionCommand(taskId, input, context))), extensionId };
  }

  @Post(':taskId/extensions/:extensionId/decision')
  @Roles(...ALLOWED_ROLES.DecideExtension)
  @CommandRoute({ ifMatch: true })
  @ApiOperation({ summary: 'Grant an extension (with the new date; default the one requested) or refuse it with a reason' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  async decideExtension(
    @IdParam('taskId') taskId: string,
    @IdParam('extensionId') extensionId: string,
    @Body() body: DecideExtensionDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CommandResponseDto> {
    const context = commandContext(actor, this.clock.now(), idempotencyKey, ifMatch);
    const input =
      body.decision === 'grant'
        ? { decision: 'grant' as const, newDueDate: body.newDueDate ?? null }
        : { decision: 'refuse' as const, reason: body.reason ?? '' };
    return toResponse(await this.commands.execute(new DecideExtensionCommand(taskId, extensionId, input, context)));
  }

  @Post(':taskId/reassign')
  @Roles(...ALLOWED_ROLES.ReassignTask)
  @CommandRoute({ ifMatch: true })
  @ApiOperation({ summary: 'Give the task to another lead agency, with a reason' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  async reassign(
    @IdParam('taskId') taskId: string,
    @Body() body: ReassignTaskDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CommandResponseDto> {
    const context = commandContext(actor, this.clock.now(), idempotencyKey, ifMatch);
    return toResponse(await this.commands.execute(new ReassignTaskCommand(taskId, { newLeadAgency: body.newLeadAgency, reason: body.reason }, context)));
  }

  @Post(':taskId/complete')
  @Roles(...ALLOWED_ROLES.CompleteTask)
  @CommandRoute({ ifMatch: true })
  @ApiOperation({ summary: 'Mark the task done (refused while a report waits for review)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  async complete(
    @IdParam('taskId') taskId: string,
    @Body() body: CompleteTaskDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CommandResponseDto> {
    const context = commandContext(actor, this.clock.now(), idempotencyKey, ifMatch);
    return toResponse(await this.commands.execute(new CompleteTaskCommand(taskId, { note: body.note ?? null }, context)));
  }

  @Post(':taskId/cancel')
  @Roles(...ALLOWED_ROLES.CancelTask)
  @CommandRoute({ ifMatch: true })
  @ApiOperation({ summary: 'Cancel the task, with a reason' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  async cancel(
    @IdParam('taskId') taskId: string,
    @Body() body: CancelTaskDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CommandResponseDto> {
    const context = commandContext(actor, this.clock.now(), idempotencyKey, ifMatch);
    return toResponse(await this.commands.execute(new CancelTaskCommand(taskId, { reason: body.reason }, context)));
  }
}
