import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { EVENT_STORE, EventStore } from '@dondoc/event-store';
import { assertMayReadIdentityStream } from '@dondoc/identity';
import { Actor, CurrentActor, notFound, Roles } from '@dondoc/platform';

export class StreamPageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  fromVersion?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

@ApiTags('streams')
@ApiBearerAuth()
@Controller('streams')
export class StreamsController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get(':streamId/events')
  @Roles('committee', 'monitoring', 'auditor', 'admin')
  @ApiOperation({
    summary: "A stream's events in version order, with their metadata (who, when, why) and hash links",
    description: 'User streams (`user-<id>`) only for administrators and auditors, like the user list.',
  })
  async events(@Param('streamId') streamId: string, @Query() query: StreamPageQuery, @CurrentActor() actor: Actor) {
    assertMayReadIdentityStream(actor, streamId);
    const limit = query.limit ?? 100;
    const slice = await this.store.readStream(streamId, { fromVersion: query.fromVersion ?? 1, limit: limit + 1 });
    if (slice.events.length === 0 && (query.fromVersion ?? 1) === 1) {
      throw notFound('STREAM_NOT_FOUND', `Không tìm thấy luồng sự kiện ${streamId}`);
    }
    const page = slice.events.slice(0, limit);
    return {
      streamId,
      events: page,
      nextFromVersion: slice.events.length > limit ? page[page.length - 1].streamVersion + 1 : null,
    };
  }
}
