import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { PG_POOL, Public, REDIS } from '@dondoc/platform';

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
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'PostgreSQL and Redis status (503 when either is down)' })
  async health(@Res() response: Response): Promise<void> {
    const [postgres, redis] = await Promise.all([
      this.check(async () => void (await this.pool.query('SELECT 1'))),
      this.check(async () => void (await this.redis.ping())),
    ]);
    const up = postgres.status === 'up' && redis.status === 'up';
    response.status(up ? 200 : 503).json({ status: up ? 'up' : 'down', postgres, redis });
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
