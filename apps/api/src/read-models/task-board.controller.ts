import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '@dondoc/platform';
import { TaskingQueries } from '@dondoc/projections';
import { ALLOWED_ROLES } from '@dondoc/tasking';
import { TaskListQueryDto, TaskPageDto } from './read-models.dto';
import { QueryRoute, readMeta, readScope, statusLabels } from './read-models-http';

@ApiTags('read models')
@ApiBearerAuth()
@Controller('tasks')
export class TaskBoardController {
  constructor(private readonly queries: TaskingQueries) {}

  @Get()
  @Roles(...ALLOWED_ROLES.ReadTask)
  @QueryRoute()
  @ApiOperation({
    summary: 'Tasks by plan, agency and status class (chưa đến hạn … đã hủy), paged; earliest open deadline first',
    description:
      'Status classes are computed against the clock at the time of the query: a task becomes overdue when its deadline ' +
      'passes, with no new event. Agency officers see the tasks their agency leads or coordinates.',
  })
  @ApiOkResponse({ type: TaskPageDto })
  async list(@Query() query: TaskListQueryDto, @CurrentActor() actor: Actor): Promise<TaskPageDto> {
    const agency = (await readScope(this.queries, actor, query.agency)) ?? undefined;
    const read = await this.queries.tasks(
      { planId: query.planId, agency, status: query.status, page: query.page, pageSize: query.pageSize },
      query.minPosition,
    );
    return { ...read.result, statusLabels: statusLabels(), ...readMeta(read) };
  }
}
