import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength, validateSync } from 'class-validator';

/**
 * The environment, validated once at start into one typed object (STYLE.md habit 9).
 * Nothing else in the code reads `process.env`.
 */
export class AppConfig {
  @IsString()
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/dondoc';

  @IsString()
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every Redis key (BullMQ queues included); tests give each file its own. */
  @IsString()
  REDIS_PREFIX = 'dondoc';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Signs bearer tokens (HS256). Required; the start script generates one for the demo. */
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET phải dài ít nhất 32 ký tự' })
  JWT_SECRET: string;

  @Type(() => Number)
  @IsInt()
  @Min(60)
  JWT_TTL_SECONDS = 8 * 3600;

  /** `manual` lets an administrator (and the e2e tests) move business time; never in production. */
  @IsIn(['system', 'manual'])
  CLOCK_MODE: 'system' | 'manual' = 'system';

  @IsOptional()
  @IsString()
  CLOCK_START?: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  PG_POOL_SIZE = 10;

  @IsIn(['log', 'json'])
  LOG_FORMAT: 'log' | 'json' = 'log';
}

export function loadAppConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.keys(new AppConfigDefaults());
  const picked: Record<string, string> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const config = plainToInstance(AppConfig, picked, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`);
    throw new Error(`Cấu hình không hợp lệ (invalid configuration):\n  ${lines.join('\n  ')}`);
  }
  return config;
}

/** Lists every key the config knows, including the ones without a default. */
class AppConfigDefaults extends AppConfig {
  override JWT_SECRET = '';
  override CLOCK_START = '';
}
