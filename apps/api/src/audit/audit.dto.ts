import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Matches, Max, Min, ValidateBy } from 'class-validator';
import { isInstant } from '@dondoc/calendar';
import { FIRST_PLAN_YEAR, LAST_PLAN_YEAR } from '@dondoc/tasking';

/**
 * `?at=2020-01-21T00:00:00+07:00` typed as is: the query string decodes that `+` into a space.
 * Put it back, so that auditors can paste an instant with its offset without encoding it.
 */
const InstantFromQuery = () =>
  Transform(({ value }) => (typeof value === 'string' ? value.replace(/ (\d{2}(?::?\d{2})?)$/, '+$1') : value));

/**
 * An as-of instant: a full ISO 8601 date-time with `Z` or an offset (the calendar's instant),
 * in the years dates may name. Weeks, ordinal dates, dates alone and times without an offset
 * (which the server would read in its own time zone) are a 400.
 */
const IsInstant = () =>
  ValidateBy({
    name: 'isInstant',
    validator: {
      validate: (value) => isInstant(value) && Number(value.slice(0, 4)) >= FIRST_PLAN_YEAR && Number(value.slice(0, 4)) <= LAST_PLAN_YEAR,
      defaultMessage: (args) =>
        `${args?.property} phải là một thời điểm ISO 8601 đầy đủ có múi giờ (Z hoặc +07:00), vd. 2020-01-21T00:00:00+07:00, năm từ ${FIRST_PLAN_YEAR} đến ${LAST_PLAN_YEAR}`,
    },
  });

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
  @IsInstant()
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
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'To this instant (exclusive)' })
  @IsOptional()
  @InstantFromQuery()
  @IsInstant()
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
  @IsInstant()
  at?: string;
}

export class CommuneAsOfQuery {
  @ApiPropertyOptional({ description: 'ISO 8601 instant, e.g. 2020-01-21T00:00:00+07:00; now when absent' })
  @IsOptional()
  @InstantFromQuery()
  @IsInstant()
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
