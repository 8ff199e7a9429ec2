import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { PG_POOL } from '@dondoc/platform/database/pg-pool';
import { notFound } from '@dondoc/platform/errors/domain-error';
import { EventRef, TimeTravelService } from './time-travel.service';

/** The streams that hold what happened to a commune (evaluation context, plans 94 and 1875). */
const UNITS_STREAM = 'administrative-units';
/** Exported for the test that checks it runs on events_commune_idx. */
export const COMMUNE_STREAMS_SQL = `
  SELECT DISTINCT stream_id FROM events
   WHERE (stream_id LIKE 'transformation-%' OR stream_id LIKE 'movement-%')
     AND coalesce(data->>'communeId', data->>'unitId') = $1
   ORDER BY stream_id`;

export interface CommuneStreamAsOf {
  streamId: string;
  /** `commune-transformation` (plan 94) or `movement` (plan 1875). */
  kind: string;
  /** Version of the stream folded (0: the stream did not exist yet at that instant). */
  version: number;
  currentVersion: number;
  /** The commune's entry in that stream's state at the instant; null before it appeared there. */
  entry: unknown;
  lastEvent: EventRef | null;
}

export interface CommuneAsOf {
  communeId: string;
  asOf: string;
  basis: 'metadata.occurredAt';
  /** The commune in the registry of administrative units at that instant (null if not registered yet). */
  unit: unknown;
  /** Each district-year of transformation and each year of the movement that names the commune. */
  streams: CommuneStreamAsOf[];
}

/**
 * A commune's state at an instant, for auditors: its unit record and, in every evaluation
 * stream that names it, its entry — each folded with the stream's own decider (time travel),
 * so nothing here re-implements the evaluation rules.
 */
@Injectable()
export class CommuneAsOfService {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly timeTravel: TimeTravelService,
  ) {}

  async asOf(communeId: string, at: Date): Promise<CommuneAsOf> {
    // Uses events_commune_idx (audit.migration.ts).
    const named = await this.pool.query<{ stream_id: string }>(COMMUNE_STREAMS_SQL, [communeId]);
    const units = await this.pool.query('SELECT 1 FROM events WHERE stream_id = $1 LIMIT 1', [UNITS_STREAM]);
    let unit: unknown = null;
    if (units.rowCount) {
      const registry = await this.timeTravel.stateOf(UNITS_STREAM, { at });
      unit = entryOf(registry.state, 'units', communeId);
    }
    if (unit === null && named.rows.length === 0) {
      throw notFound('COMMUNE_NOT_FOUND', `Không tìm thấy xã/phường ${communeId} trong sổ đơn vị hay trong luồng đánh giá nào`, { communeId });
    }
    const streams: CommuneStreamAsOf[] = [];
    for (const { stream_id: streamId } of named.rows) {
      const folded = await this.timeTravel.stateOf(streamId, { at });
      streams.push({
        streamId,
        kind: folded.kind,
        version: folded.version,
        currentVersion: folded.currentVersion,
        entry: entryOf(folded.state, streamId.startsWith('transformation-') ? 'communes' : 'units', communeId),
        lastEvent: folded.lastEvent,
      });
    }
    return { communeId, asOf: at.toISOString(), basis: 'metadata.occurredAt', unit, streams };
  }
}

/** The entry of `id` in the state's map: a plain record, or a keyed collection with `get` (evaluation's KeyedLog). */
function entryOf(state: unknown, key: 'units' | 'communes', id: string): unknown {
  const map = (state as Record<string, unknown> | null)?.[key] as { get?: (k: string) => unknown } | Record<string, unknown> | undefined;
  if (!map) return null;
  if (typeof map.get === 'function') return (map.get as (k: string) => unknown)(id) ?? null;
  return Object.prototype.hasOwnProperty.call(map, id) ? (map as Record<string, unknown>)[id] : null;
}
