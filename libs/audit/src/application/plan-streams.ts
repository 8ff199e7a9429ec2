import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { PG_POOL } from '@dondoc/platform/database/pg-pool';
import { notFound } from '@dondoc/platform/errors/domain-error';
import { planStreamId } from '@dondoc/tasking/domain/stream-ids';
import { followUpStreamId } from '@dondoc/follow-up/domain/follow-up.ids';

/** The streams that make up a plan's history: `plan-<id>`, every task assigned under it, and their follow-up streams. */
@Injectable()
export class PlanStreams {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async of(planId: string): Promise<string[]> {
    const planStream = planStreamId(planId);
    const plan = await this.pool.query('SELECT 1 FROM events WHERE stream_id = $1 LIMIT 1', [planStream]);
    if (plan.rowCount === 0) throw notFound('PLAN_NOT_FOUND', `Không tìm thấy kế hoạch ${planId}`, { planId });
    // Uses events_task_plan_idx (audit.migration.ts).
    const tasks = await this.pool.query<{ stream_id: string }>(
      `SELECT DISTINCT stream_id FROM events WHERE event_type = 'TaskAssigned' AND data->>'planId' = $1 ORDER BY stream_id`,
      [planId],
    );
    const taskStreams = tasks.rows.map((r) => r.stream_id);
    // Each task's reminders, escalations and follow-ups (đôn đốc) are part of the plan's record too.
    const wanted = taskStreams.map((streamId) => followUpStreamId(streamId.replace(/^task-/, '')));
    const followUps = await this.pool.query<{ stream_id: string }>(
      'SELECT DISTINCT stream_id FROM events WHERE stream_id = ANY($1) ORDER BY stream_id',
      [wanted],
    );
    return [planStream, ...taskStreams, ...followUps.rows.map((r) => r.stream_id)];
  }
}
