import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { AppConfig, loadAppConfig } from './config/app-config';
import { CLOCK, Clock, ManualClock, SystemClock } from './clock/clock';
import { PG_POOL, createPgPool } from './database/pg-pool';
import { AdvisoryLocks } from './database/advisory-locks';
import { REDIS, createRedis } from './redis/redis';
import { TokenService } from './auth/token.service';

export interface PlatformOptions {
  /** Defaults to the validated environment. */
  config?: AppConfig;
  /** Tests pass a ManualClock they move. */
  clock?: Clock;
}

/**
 * Config, clock, PostgreSQL pool (and the advisory locks' own), Redis and tokens: one instance each per process, global so
 * that every context library can inject them by token.
 */
@Global()
@Module({})
export class PlatformModule implements OnApplicationShutdown {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly locks: AdvisoryLocks,
  ) {}

  static forRoot(options: PlatformOptions = {}): DynamicModule {
    const config = options.config ?? loadAppConfig();
    const clock =
      options.clock ??
      (config.CLOCK_MODE === 'manual' ? new ManualClock(config.CLOCK_START ?? new Date()) : new SystemClock());
    return {
      module: PlatformModule,
      imports: [
        JwtModule.register({
          secret: config.JWT_SECRET,
          signOptions: { algorithm: 'HS256', expiresIn: config.JWT_TTL_SECONDS },
        }),
      ],
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: CLOCK, useValue: clock },
        { provide: PG_POOL, useFactory: () => createPgPool(config.DATABASE_URL, config.PG_POOL_SIZE, config.PG_POOL_MIN) },
        { provide: REDIS, useFactory: () => createRedis(config.REDIS_URL) },
        // Opens its connections only when a lock is first taken.
        { provide: AdvisoryLocks, useFactory: () => new AdvisoryLocks(config.DATABASE_URL) },
        TokenService,
      ],
      exports: [AppConfig, CLOCK, PG_POOL, REDIS, AdvisoryLocks, TokenService, JwtModule],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
    await this.locks.close();
    await this.pool.end();
  }
}
