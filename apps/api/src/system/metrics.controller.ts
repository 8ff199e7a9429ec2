import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@dondoc/platform';
import { ProjectionStatus } from '@dondoc/projections';

@ApiTags('system')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly projections: ProjectionStatus) {}

  @Get()
  @Public()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({
    summary: 'Prometheus metrics: safe head position, and per projection its checkpoint, lag (positions, events, seconds), events applied',
    description: 'Figures only, no names or content; still, expose it to the monitoring network, not to the Internet.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format 0.0.4' })
  metrics(): Promise<string> {
    return this.projections.prometheus();
  }
}
