import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { ConsumerWork, FollowUpConsumer } from './follow-up-consumer';
import { FollowUpScheduler, PendingStage } from './follow-up-scheduler';

export interface ReconcileResult {
  skipped: boolean;
  stages: number;
  deliveries: number;
  digests: number;
  ms: number;
}

const PAGE = 10_000;

/**
 * Redis holds no truth. At worker start and every REMINDER_RECONCILE_SECONDS the reconciler
 * catches the consumer up with the event store, then puts back into Redis the first pending
 * stage of every open obligation due within the horizon, every delivery not yet recorded and
 * every digest not yet sent. Deterministic job ids make this idempotent; a stage whose time
 * passed while Redis or the workers were down runs at once, and its message says it is late.
 * While the consumer rebuilds, nothing is scheduled.
 */
export class FollowUpReconciler {
  private readonly logger = new Logger(FollowUpReconciler.name);

  constructor(
    private readonly pool: Pool,
    private readonly consumer: FollowUpConsumer,
    private readonly scheduler: FollowUpScheduler,
    private readonly horizonMs: number,
  ) {}

  /** Catches the consumer up, scheduling each live batch's new work. */
  catchUp(nowMs: () => number): Promise<number> {
    return this.consumer.catchUp(nowMs, (work) => this.schedule(work, nowMs()));
  }

  async schedule(work: ConsumerWork, nowMs: number): Promise<void> {
    await this.scheduler.scheduleStages(work.stages, nowMs);
    await this.scheduler.scheduleDeliveries(work.deliveries, nowMs);
    for (const digest of work.digests) await this.scheduler.scheduleDigest(digest, digest.atMs, nowMs);
  }

  async reconcile(nowMs: () => number): Promise<ReconcileResult> {
    const started = Date.now();
    await this.catchUp(nowMs);
    const result: ReconcileResult = { skipped: false, stages: 0, deliveries: 0, digests: 0, ms: 0 };
    if ((await this.consumer.checkpoint()).rebuilding) return { ...result, skipped: true, ms: Date.now() - started };
    const now = nowMs();
    const horizon = new Date(now + this.horizonMs);
    let after: [string, string] = ['', ''];
    for (;;) {
      // The first pending stage of each obligation, a page of obligations at a time (keyset on the index).
      const { rows: page } = await this.pool.query<{
        stage_id: string; task_id: string; plan_id: string; period_id: string; stage_key: string; due_at: Date; fire_at: Date; lead_agency: string | null;
      }>(
        `SELECT s.*, t.state->>'leadAgency' AS lead_agency
           FROM (SELECT DISTINCT ON (task_id, period_id) stage_id, task_id, plan_id, period_id, stage_key, due_at, fire_at
                   FROM pending_reminder_stages
                  WHERE (task_id, period_id) > ($1, $2)
                  ORDER BY task_id, period_id, fire_at, stage_order
                  LIMIT $3) s
           LEFT JOIN follow_up_tasks t USING (task_id)
          ORDER BY s.task_id, s.period_id`,
        [after[0], after[1], PAGE],
      );
      const rows = page.filter((r) => r.fire_at.getTime() <= horizon.getTime());
      const stages: PendingStage[] = rows.map((r) => ({
        stageId: r.stage_id,
        taskId: r.task_id,
        planId: r.plan_id,
        periodId: r.period_id,
        stageKey: r.stage_key,
        dueAt: r.due_at.toISOString(),
        fireAt: r.fire_at.toISOString(),
        leadAgency: r.lead_agency ?? undefined,
      }));
      result.stages += await this.scheduler.scheduleStages(stages, now, { promote: true });
      if (page.length < PAGE) break;
      after = [page[page.length - 1].task_id, page[page.length - 1].period_id];
    }
    const deliveries = await this.pool.query<{ delivery_id: string; stream_id: string; message_id: string; not_before: Date }>(
      'SELECT delivery_id, stream_id, message_id, not_before FROM pending_deliveries WHERE not_before <= $1',
      [horizon],
    );
    result.deliveries = await this.scheduler.scheduleDeliveries(
      deliveries.rows.map((r) => ({ deliveryId: r.delivery_id, streamId: r.stream_id, messageId: r.message_id, notBefore: r.not_before.toISOString() })),
      now,
      { promote: true },
    );
    const digests = await this.pool.query<{ agency: string; digest_date: string; at: Date }>(
      `SELECT agency, to_char(digest_date, 'YYYY-MM-DD') AS digest_date, max(not_before) AS at
         FROM follow_up_digest_items WHERE NOT digested GROUP BY agency, digest_date`,
    );
    for (const row of digests.rows) {
      await this.scheduler.scheduleDigest({ agency: row.agency, digestDate: row.digest_date }, row.at.getTime(), now);
    }
    result.digests = digests.rows.length;
    result.ms = Date.now() - started;
    this.logger.log(`reconciled: ${result.stages} stages, ${result.deliveries} deliveries, ${result.digests} digests in ${result.ms} ms`);
    return result;
  }
}
