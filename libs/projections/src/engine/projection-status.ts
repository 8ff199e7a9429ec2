import { Pool } from 'pg';
import { EventStore } from '@dondoc/event-store';

export interface ProjectionLag {
  name: string;
  position: number;
  /** Safe head of the store minus the checkpoint (positions are not dense: a distance, not a count). */
  lagPositions: number;
  /** Events past the checkpoint and below the safe head (counted up to 100,000). */
  lagEvents: number;
  /** Age of the oldest event not applied yet (0 when caught up): how stale the read model is. */
  lagSeconds: number;
  /** Seconds since the last applied event was recorded. */
  lastEventAgeSeconds: number | null;
  eventsApplied: number;
  updatedAt: string;
  rebuiltAt: string | null;
}

export interface ProjectionsHealth {
  headPosition: number;
  projections: ProjectionLag[];
}

const LAG_EVENTS_CAP = 100_000;

/** Where each projection stands against the store, for /health and /metrics. Wall-clock time of the database. */
export class ProjectionStatus {
  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly names: readonly string[],
  ) {}

  async lag(): Promise<ProjectionsHealth> {
    const head = await this.store.safeHeadPosition();
    const result = await this.pool.query<{
      name: string;
      position: number;
      events_applied: number;
      updated_at: Date;
      rebuilt_at: Date | null;
      lag_events: number;
      lag_seconds: number;
      last_event_age_seconds: number | null;
    }>(
      `SELECT n.name, coalesce(c.position, 0) AS position, coalesce(c.events_applied, 0) AS events_applied,
              coalesce(c.updated_at, clock_timestamp()) AS updated_at, c.rebuilt_at,
              (SELECT count(*) FROM (SELECT 1 FROM events e
                  WHERE e.global_position > coalesce(c.position, 0) AND e.global_position <= $2
                  LIMIT ${LAG_EVENTS_CAP}) pending)::bigint AS lag_events,
              coalesce(extract(epoch FROM clock_timestamp() - (SELECT e.recorded_at FROM events e
                  WHERE e.global_position > coalesce(c.position, 0) AND e.global_position <= $2
                  ORDER BY e.global_position LIMIT 1)), 0)::float8 AS lag_seconds,
              extract(epoch FROM clock_timestamp() - c.last_recorded_at)::float8 AS last_event_age_seconds
         FROM unnest($1::text[]) AS n(name)
         LEFT JOIN projection_checkpoints c ON c.name = n.name
        ORDER BY n.name`,
      [this.names, head],
    );
    return {
      headPosition: head,
      projections: result.rows.map((row) => ({
        name: row.name,
        position: Number(row.position),
        lagPositions: Math.max(0, head - Number(row.position)),
        lagEvents: Number(row.lag_events),
        lagSeconds: Math.max(0, Number(row.lag_seconds)),
        lastEventAgeSeconds: row.last_event_age_seconds === null ? null : Number(row.last_event_age_seconds),
        eventsApplied: Number(row.events_applied),
        updatedAt: row.updated_at.toISOString(),
        rebuiltAt: row.rebuilt_at ? row.rebuilt_at.toISOString() : null,
      })),
    };
  }

  /** Prometheus text exposition of the same figures. */
  async prometheus(): Promise<string> {
    const { headPosition, projections } = await this.lag();
    const lines: string[] = [
      '# HELP dondoc_event_store_safe_head_position Highest global position readers may see.',
      '# TYPE dondoc_event_store_safe_head_position gauge',
      `dondoc_event_store_safe_head_position ${headPosition}`,
    ];
    const metric = (name: string, help: string, value: (p: ProjectionLag) => number | null) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
      for (const p of projections) {
        const v = value(p);
        if (v !== null) lines.push(`${name}{projection="${p.name}"} ${v}`);
      }
    };
    metric('dondoc_projection_checkpoint_position', 'Global position of the last event applied.', (p) => p.position);
    metric('dondoc_projection_lag_positions', 'Safe head position minus the checkpoint.', (p) => p.lagPositions);
    metric('dondoc_projection_lag_events', 'Events not applied yet (capped at 100000).', (p) => p.lagEvents);
    metric('dondoc_projection_lag_seconds', 'Age of the oldest event not applied yet; 0 when caught up.', (p) => p.lagSeconds);
    metric('dondoc_projection_last_event_age_seconds', 'Seconds since the last applied event was recorded.', (p) => p.lastEventAgeSeconds);
    metric('dondoc_projection_events_applied_total', 'Events applied since position 0.', (p) => p.eventsApplied);
    return lines.join('\n') + '\n';
  }
}
