import { Inject, Injectable } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import { EVENT_STORE, EventStore, RecordedEvent, toRecordedEvent, Upcasters } from '@dondoc/event-store';
import { EVENT_COLUMNS } from '@dondoc/event-store/postgres/event-store.sql';
import { PG_POOL } from '@dondoc/platform/database/pg-pool';
import { Clock } from '@dondoc/platform/clock/clock';
import { notFound } from '@dondoc/platform/errors/domain-error';
import { applyToTables } from '@dondoc/projections/engine/projection-engine';
import { BatchTables, quoteIdent } from '@dondoc/projections/engine/table-buffer';
import { Projection } from '@dondoc/projections/engine/projection';
import { CheckpointWatcher } from '@dondoc/projections/engine/checkpoint-watcher';
import { createTaskBoardProjection } from '@dondoc/projections/read-models/task-board/task-board.projection';
import { createPlanProgressProjection } from '@dondoc/projections/read-models/plan-progress/plan-progress.projection';
import {
  MAX_PAGE_SIZE,
  ObligationView,
  PlanAgencyFigures,
  PlanProgressView,
  TaskingQueries,
  TaskView,
} from '@dondoc/projections/read-models/queries/tasking-queries';
import { calendarStreamId } from '@dondoc/calendar';
import { PlanStreams } from './plan-streams';

export interface PlanProgressAsOf {
  planId: string;
  /** The instant asked for; events count when their business time (metadata.occurredAt) is at or before it. */
  asOf: string;
  basis: 'metadata.occurredAt';
  eventsReplayed: number;
  /** Global position of the last event replayed (0 when none). */
  lastPosition: number;
  progress: PlanProgressView | null;
}

export interface PlanDashboardAsOf {
  planId: string;
  asOf: string;
  basis: 'metadata.occurredAt';
  eventsReplayed: number;
  lastPosition: number;
  progress: PlanProgressView | null;
  overdue: ObligationView[];
  agencies: PlanAgencyFigures[];
  /** Reminders, escalations and follow-ups sent per task by then. */
  reminderCounts: Record<string, number>;
}

const BATCH = 1000;

/**
 * The queries run several statements with Promise.all, which a pool spreads over connections;
 * here they must all go through the one connection that sees the TEMP tables, one after the
 * other (node-postgres refuses overlapping queries on one client from pg 9).
 */
function oneAtATime(client: PoolClient): Pool {
  let tail: Promise<unknown> = Promise.resolve();
  const query = (...args: Parameters<PoolClient['query']>) => {
    const next = tail.then(() => (client.query as (...a: unknown[]) => Promise<unknown>)(...args));
    tail = next.catch(() => undefined);
    return next;
  };
  return { query } as unknown as Pool;
}

/**
 * A plan's progress figures as they were at an instant. The plan's events up to that instant
 * are replayed through the very projections that build the live read models (task board and
 * plan progress, libs/projections) into session-private TEMP tables that shadow the live ones
 * in this connection only, and the figures are read by the very query the live route uses,
 * with its clock set to the instant. Same code, same definitions; the transaction is rolled
 * back, so the live read models are never touched.
 */
@Injectable()
export class PlanProgressAsOfService {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly upcasters: Upcasters,
    private readonly planStreams: PlanStreams,
  ) {}

  async asOf(planId: string, at: Date): Promise<PlanProgressAsOf> {
    const replay = await this.replay(planId, at, async (queries) => (await queries.planProgress(planId)).result);
    return { planId, asOf: at.toISOString(), basis: 'metadata.occurredAt', ...replay.meta, progress: replay.value };
  }

  /**
   * What the committee's dashboard shows for a plan, as it was at an instant: the progress
   * figures, the obligations overdue then, each agency's figures in the plan, and how many
   * reminders each task had been sent by then.
   */
  async dashboardAsOf(planId: string, at: Date): Promise<PlanDashboardAsOf> {
    const replay = await this.replay(planId, at, async (queries) => {
      const progress = (await queries.planProgress(planId)).result;
      const overdue: ObligationView[] = [];
      for (let page = 1; ; page++) {
        const read = await queries.obligations({ planId, overdue: true, page, pageSize: MAX_PAGE_SIZE });
        overdue.push(...read.result.items);
        if (overdue.length >= read.result.total || read.result.items.length === 0) break;
      }
      const agencies = (await queries.planAgencies(planId)).result;
      const tasks: TaskView[] = [];
      for (let page = 1; ; page++) {
        const read = await queries.tasks({ planId, page, pageSize: MAX_PAGE_SIZE });
        tasks.push(...read.result.items);
        if (tasks.length >= read.result.total || read.result.items.length === 0) break;
      }
      const reminderCounts = Object.fromEntries(tasks.map((t) => [t.taskId, t.reminderCount]));
      return { progress, overdue, agencies, reminderCounts };
    });
    return { planId, asOf: at.toISOString(), basis: 'metadata.occurredAt', ...replay.meta, ...replay.value };
  }

  /**
   * Replays the plan's events up to `at` through the live projections into TEMP tables of one
   * connection, and answers `read` with the live queries over them, clocked at `at`.
   */
  private async replay<T>(
    planId: string,
    at: Date,
    read: (queries: TaskingQueries) => Promise<T>,
  ): Promise<{ meta: { eventsReplayed: number; lastPosition: number }; value: T }> {
    const streams = await this.planStreams.of(planId);
    // The days declared off or working move the task board's open deadlines: replayed with the
    // plan's streams (only those declared by `at`, like every other event), the deadlines are
    // the ones the live board showed then.
    const events = await this.eventsAsOf([...streams, ...(await this.calendarStreams(streams[0], at))], at);
    // Agency successions (agency_successions) and names (agency_scorecard) are not replayed: they
    // are not the plan's streams, and the queries read the live tables. That is exact for the
    // successions: a row is never changed, and the queries apply one only when both its effective
    // instant and its recording time are at or before the clock (here `at`), so a succession that
    // was recorded, or takes effect, after `at` does not show.
    const projections: Projection[] = [createTaskBoardProjection(), createPlanProgressProjection()];
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      for (const table of new Set(projections.flatMap((p) => p.tables.map((t) => t.name)))) {
        // pg_temp comes first in the search path: unqualified names in the projections' and the
        // queries' SQL resolve to these copies for this connection and this transaction only.
        await client.query(
          `CREATE TEMP TABLE ${quoteIdent(table)} (LIKE public.${quoteIdent(table)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES) ON COMMIT DROP`,
        );
      }
      for (const projection of projections) {
        for (let i = 0; i < events.length; i += BATCH) {
          await applyToTables(projection, events.slice(i, i + BATCH), new BatchTables(client, ''), this.upcasters);
        }
      }
      const lastPosition = events.length ? events[events.length - 1].globalPosition : 0;
      const clock: Clock = { now: () => new Date(at) };
      const watcher = {
        waitFor: async () => ({ position: lastPosition, minPosition: null, reached: true }),
      } as unknown as CheckpointWatcher;
      const value = await read(new TaskingQueries(oneAtATime(client), clock, watcher));
      return { meta: { eventsReplayed: events.length, lastPosition }, value };
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  }

  /** The `calendar-<year>` streams that exist for the years of the plan's period and up to `at` (and one on either side). */
  private async calendarStreams(planStream: string, at: Date): Promise<string[]> {
    const { rows } = await this.pool.query<{ start: string | null; end: string | null }>(
      `SELECT data->'period'->>'start' AS start, data->'period'->>'end' AS "end" FROM events WHERE stream_id = $1 AND stream_version = 1`,
      [planStream],
    );
    const atYear = Number(at.toISOString().slice(0, 4));
    const first = Number((rows[0]?.start ?? at.toISOString()).slice(0, 4)) - 1;
    const last = Math.max(Number((rows[0]?.end ?? at.toISOString()).slice(0, 4)), atYear) + 1;
    const ids: string[] = [];
    for (let year = Math.max(first, 1900); year <= Math.min(last, 2199); year++) ids.push(calendarStreamId(year));
    const found = await this.pool.query<{ stream_id: string }>('SELECT DISTINCT stream_id FROM events WHERE stream_id = ANY($1)', [ids]);
    return found.rows.map((r) => r.stream_id);
  }

  /**
   * The plan's events in global order, each stream cut at its first event that occurred after
   * `at` (a prefix of every stream, as in time travel), only below the safe high-water mark.
   */
  private async eventsAsOf(streams: string[], at: Date): Promise<RecordedEvent[]> {
    const head = await this.store.safeHeadPosition();
    const limit = at.getTime();
    const cut = new Set<string>();
    const kept: RecordedEvent[] = [];
    let after = 0;
    for (;;) {
      const result = await this.pool.query(
        `SELECT ${EVENT_COLUMNS} FROM events
          WHERE stream_id = ANY($1) AND global_position > $2 AND global_position <= $3
          ORDER BY global_position LIMIT $4`,
        [streams, after, head, BATCH],
      );
      const page = (result.rows as Parameters<typeof toRecordedEvent>[0][]).map(toRecordedEvent);
      for (const event of page) {
        if (cut.has(event.streamId)) continue;
        if (Date.parse(event.metadata.occurredAt) > limit) cut.add(event.streamId);
        else kept.push(event);
      }
      if (page.length < BATCH) break;
      after = page[page.length - 1].globalPosition;
    }
    if (kept.length === 0) throw notFound('PLAN_NOT_FOUND', `Kế hoạch ${streams[0].replace(/^plan-/, '')} chưa tồn tại vào thời điểm ${at.toISOString()}`);
    return kept;
  }
}
