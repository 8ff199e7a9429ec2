import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '@dondoc/platform';
import { TaskingQueries } from '@dondoc/projections';
import { ALLOWED_ROLES } from '@dondoc/tasking';
import { ObligationListQueryDto, ObligationPageDto } from './read-models.dto';
import { QueryRoute, readMeta, readScope, statusLabels } from './read-models-http';

@ApiTags('read models')
@ApiBearerAuth()
@Controller('obligations')
export class ObligationsController {
  constructor(private readonly queries: TaskingQueries) {}

  @Get()
  @Roles(...ALLOWED_ROLES.ReadTask)
  @QueryRoute()
  @ApiOperation({
    summary: 'Every reporting obligation (task × period) with its deadline and whether and when it was met, paged; earliest deadline first',
    description: 'Agency officers see the obligations their agency owes.',
  })
  @ApiOkResponse({ type: ObligationPageDto })
  async list(@Query() query: ObligationListQueryDto, @CurrentActor() actor: Actor): Promise<ObligationPageDto> {
    const agency = (await readScope(this.queries, actor, query.agency)) ?? undefined;
    const read = await this.queries.obligations(
      { planId: query.planId, agency, overdue: query.overdue, page: query.page, pageSize: query.pageSize },
      query.minPosition,
    );
    return { ...read.result, statusLabels: statusLabels(), ...readMeta(read) };
  }
}
