import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '@dondoc/platform';
import { PeriodProgress, TaskingQueries } from '@dondoc/projections';
import { ALLOWED_ROLES, assertRoleAllowed, TaskingErrors } from '@dondoc/tasking';
import { IdParam } from '../tasking/tasking-http';
import { ConsistencyQueryDto, PagingQueryDto, PlanAgenciesDto, PlanPageDto, PlanProgressDto } from './read-models.dto';
import { QueryRoute, readMeta, statusLabels, withConsistency } from './read-models-http';

@ApiTags('read models')
@ApiBearerAuth()
@Controller('plans')
export class PlanProgressController {
  constructor(private readonly queries: TaskingQueries) {}

  @Get()
  @Roles(...ALLOWED_ROLES.ReadTask)
  @QueryRoute()
  @ApiOperation({ summary: 'The plans, newest first, paged (number, title, issue date, number of tasks)' })
  @ApiOkResponse({ type: PlanPageDto })
  async list(@Query() query: PagingQueryDto, @CurrentActor() actor: Actor): Promise<PlanPageDto> {
    assertRoleAllowed(actor, 'ReadTask');
    const read = await this.queries.plans({ page: query.page, pageSize: query.pageSize }, query.minPosition);
    return { ...read.result, ...readMeta(read) };
  }

  @Get(':planId/agencies')
  @Roles(...ALLOWED_ROLES.ReadTask)
  @QueryRoute()
  @ApiOperation({
    summary: "Each agency's figures within the plan: lead tasks, overdue tasks, reports due and received, late rate and on-time rate",
    description:
      'late rate = (late open + late done) / due; on-time rate = 100 − late rate; the committee ranks agencies by it. ' +
      "Agency officers get their own agency's row only.",
  })
  @ApiOkResponse({ type: PlanAgenciesDto })
  async agencies(@IdParam('planId') planId: string, @Query() query: ConsistencyQueryDto, @CurrentActor() actor: Actor): Promise<PlanAgenciesDto> {
    assertRoleAllowed(actor, 'ReadTask');
    const read = await this.queries.planAgencies(planId, query.minPosition);
    const items = actor.role === 'agency' ? read.result.filter((row) => row.agency === actor.agency) : read.result;
    return { planId, items, ...readMeta(read) };
  }

  @Get(':planId/progress')
  @Roles(...ALLOWED_ROLES.ReadTask)
  @QueryRoute()
  @ApiOperation({
    summary: "A plan's progress: tasks by status class, completion percent, reports received against expected for the current period, per agency",
    description: "Agency officers read the plan-level figures; of the per-agency rows, their own agency's only.",
  })
  @ApiOkResponse({ type: PlanProgressDto })
  @ApiNotFoundResponse({ description: 'PLAN_NOT_FOUND (or not projected yet: see consistency in the error details)' })
  async progress(@IdParam('planId') planId: string, @Query() query: ConsistencyQueryDto, @CurrentActor() actor: Actor): Promise<PlanProgressDto> {
    assertRoleAllowed(actor, 'ReadTask');
    const read = await this.queries.planProgress(planId, query.minPosition);
    const view = read.result;
    if (!view) throw withConsistency(TaskingErrors.planNotFound(planId), read.consistency);
    // Plan-level figures are for everyone who reads the plan; another agency's row is not.
    const own = (period: PeriodProgress | null): PeriodProgress | null =>
      period && actor.role === 'agency' ? { ...period, byAgency: period.byAgency.filter((row) => row.agency === actor.agency) } : period;
    return { ...view, currentPeriod: own(view.currentPeriod), previousPeriod: own(view.previousPeriod), statusLabels: statusLabels(), ...readMeta(read) };
  }
}
