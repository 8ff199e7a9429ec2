import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { PG_POOL } from '@dondoc/platform/database/pg-pool';
import { EVENT_COLUMNS } from '@dondoc/event-store/postgres/event-store.sql';
import { RecordedEvent, toRecordedEvent } from '@dondoc/event-store';

export interface ActorHistoryPage {
  userId: string;
  from: string | null;
  to: string | null;
  events: RecordedEvent[];
  /** Pass as `after` for the next page; null on the last page. */
  nextAfter: number | null;
}

/**
 * Everything one user did: the events whose metadata names them as the actor, by business
 * time (`occurredAt`) in [from, to), in global order, keyset-paged by position on the
 * (actor, position) index.
 */
@Injectable()
export class ActorHistoryService {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async eventsOf(userId: string, options: { from?: Date; to?: Date; after?: number; limit: number }): Promise<ActorHistoryPage> {
    const result = await this.pool.query(
      `SELECT ${EVENT_COLUMNS} FROM events
        WHERE metadata->>'actor' = $1
          AND global_position > $2
          AND ($3::timestamptz IS NULL OR (metadata->>'occurredAt')::timestamptz >= $3::timestamptz)
          AND ($4::timestamptz IS NULL OR (metadata->>'occurredAt')::timestamptz < $4::timestamptz)
        ORDER BY metadata->>'actor', global_position
        LIMIT $5`,
      [userId, options.after ?? 0, options.from?.toISOString() ?? null, options.to?.toISOString() ?? null, options.limit + 1],
    );
    const events = (result.rows as Parameters<typeof toRecordedEvent>[0][]).map(toRecordedEvent);
    const page = events.slice(0, options.limit);
    return {
      userId,
      from: options.from?.toISOString() ?? null,
      to: options.to?.toISOString() ?? null,
      events: page,
      nextAfter: events.length > options.limit ? page[page.length - 1].globalPosition : null,
    };
  }
}
