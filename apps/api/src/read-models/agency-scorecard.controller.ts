import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, notFound, Roles } from '@dondoc/platform';
import { TaskingQueries } from '@dondoc/projections';
import { ALLOWED_ROLES } from '@dondoc/tasking';
import { ConsistencyQueryDto, ScorecardDto } from './read-models.dto';
import { AgencyCodeParam, QueryRoute, readMeta, readScope, withConsistency } from './read-models-http';

@ApiTags('read models')
@ApiBearerAuth()
@Controller('agencies')
export class AgencyScorecardController {
  constructor(private readonly queries: TaskingQueries) {}

  @Get(':code/scorecard')
  @Roles(...ALLOWED_ROLES.ReadTask)
  @QueryRoute()
  @ApiOperation({
    summary: "An agency's scorecard: tasks assigned, open, overdue; reports due and received; late rate and on-time rate",
    description:
      'late rate = (late open + late done) / due; on-time rate = 100 − late rate. Counts the agency\'s own work and, once a ' +
      'succession is effective, that of every agency whose work passed to it (`predecessors`); a ceased agency shows its own ' +
      'figures with `succeededBy`. Agency officers: their own agency or one of its predecessors.',
  })
  @ApiOkResponse({ type: ScorecardDto })
  @ApiNotFoundResponse({ description: 'AGENCY_NOT_FOUND' })
  async scorecard(@AgencyCodeParam('code') code: string, @Query() query: ConsistencyQueryDto, @CurrentActor() actor: Actor): Promise<ScorecardDto> {
    await readScope(this.queries, actor, code);
    const read = await this.queries.scorecard(code, query.minPosition);
    if (!read.result) {
      throw withConsistency(notFound('AGENCY_NOT_FOUND', `Không tìm thấy cơ quan ${code}`, { code }), read.consistency);
    }
    return { ...read.result, ...readMeta(read) };
  }
}
