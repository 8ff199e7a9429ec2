import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { PG_POOL, Public, REDIS } from '@dondoc/platform';
import { ProjectionsHealth, ProjectionStatus } from '@dondoc/projections';

interface ComponentStatus {
  status: 'up' | 'down';
  error?: string;
}

@ApiTags('system')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly projections: ProjectionStatus,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'PostgreSQL and Redis status (503 when either is down), and each projection\'s lag behind the event store',
    description:
      '`projections.projections[].lagPositions` = safe head position − checkpoint; `lagSeconds` = age of the oldest event ' +
      'not applied yet (0 when caught up). Lag does not make the API unhealthy: it is the workers\' business.',
  })
  async health(@Res() response: Response): Promise<void> {
    const [postgres, redis, projections] = await Promise.all([
      this.check(async () => void (await this.pool.query('SELECT 1'))),
      this.check(async () => void (await this.redis.ping())),
      this.lag(),
    ]);
    const up = postgres.status === 'up' && redis.status === 'up';
    response.status(up ? 200 : 503).json({ status: up ? 'up' : 'down', postgres, redis, projections });
  }

  private async lag(): Promise<ProjectionsHealth | { error: string }> {
    try {
      return await Promise.race([
        this.projections.lag(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000)),
      ]);
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  private async check(probe: () => Promise<void>): Promise<ComponentStatus> {
    try {
      await Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000))]);
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', error: error instanceof Error ? error.message : String(error) };
    }
  }
}
