import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';

/**
 * `?at=2020-01-21T00:00:00+07:00` typed as is: the query string decodes that `+` into a space.
 * Put it back, so that auditors can paste an instant with its offset without encoding it.
 */
const InstantFromQuery = () =>
  Transform(({ value }) => (typeof value === 'string' ? value.replace(/ (\d{2}(?::?\d{2})?)$/, '+$1') : value));

export class VerifyQuery {
  @ApiPropertyOptional({ description: 'Answer at once with a job id and run in the background (large stores)' })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  background?: boolean;

  @ApiPropertyOptional({ description: 'A seal number kept outside the database, to compare with the stored one' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  anchorSealNo?: number;

  @ApiPropertyOptional({ description: 'The hex seal hash kept outside for anchorSealNo' })
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}$/)
  anchorSealHash?: string;
}

export class AsOfQuery {
  @ApiPropertyOptional({ description: 'ISO 8601 instant, e.g. 2020-01-21T00:00:00+07:00 (business time, metadata.occurredAt)' })
  @IsOptional()
  @InstantFromQuery()
  @IsISO8601({ strict: true })
  at?: string;

  @ApiPropertyOptional({ description: 'Stream version (1 = after the first event)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  version?: number;
}

export class ActorEventsQuery {
  @ApiPropertyOptional({ description: 'From this instant (inclusive), by metadata.occurredAt' })
  @IsOptional()
  @InstantFromQuery()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'To this instant (exclusive)' })
  @IsOptional()
  @InstantFromQuery()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: 'Global position of the last event of the previous page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class PlanProgressAsOfQuery {
  @ApiPropertyOptional({ description: 'ISO 8601 instant; now when absent' })
  @IsOptional()
  @InstantFromQuery()
  @IsISO8601({ strict: true })
  at?: string;
}

export class CommuneAsOfQuery {
  @ApiPropertyOptional({ description: 'ISO 8601 instant, e.g. 2020-01-21T00:00:00+07:00; now when absent' })
  @IsOptional()
  @InstantFromQuery()
  @IsISO8601({ strict: true })
  at?: string;
}

export class SealPageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
