import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tables of the follow-up consumer, all derived from the event store (rebuildable from 0):
 * its checkpoint, the folded inputs it needs (tasks, plans, calendar amendments, fired stages),
 * the pending reminder stages (obligation × stage → fire time) that the scheduler puts into
 * Redis, the deliveries still to make, the agencies' inboxes and the digest items.
 */
export class FollowUp1733800000000 implements MigrationInterface {
  name = 'FollowUp1733800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE follow_up_checkpoint (
        name       text PRIMARY KEY,
        position   bigint NOT NULL DEFAULT 0,
        -- true from the start of a rebuild until it has caught up: nothing is pushed to Redis meanwhile
        rebuilding boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`INSERT INTO follow_up_checkpoint (name) VALUES ('follow-up')`);
    await q.query(`
      CREATE TABLE follow_up_tasks (
        task_id  text PRIMARY KEY,
        plan_id  text NOT NULL,
        status   text NOT NULL,
        state    jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX follow_up_tasks_plan_idx ON follow_up_tasks (plan_id) WHERE status = 'active'`);
    await q.query(`CREATE INDEX follow_up_tasks_active_idx ON follow_up_tasks (task_id) WHERE status = 'active'`);
    await q.query(`
      CREATE TABLE follow_up_plans (
        plan_id text PRIMARY KEY,
        plan    jsonb,
        config  jsonb
      )`);
    await q.query(`
      CREATE TABLE follow_up_calendar (
        position  bigint PRIMARY KEY,
        amendment jsonb NOT NULL
      )`);
    await q.query(`
      CREATE TABLE follow_up_fired_stages (
        stage_id text PRIMARY KEY,
        task_id  text NOT NULL
      )`);
    await q.query(`CREATE INDEX follow_up_fired_stages_task_idx ON follow_up_fired_stages (task_id)`);
    await q.query(`
      CREATE TABLE pending_reminder_stages (
        stage_id    text PRIMARY KEY,
        task_id     text NOT NULL,
        plan_id     text NOT NULL,
        period_id   text NOT NULL,
        stage_key   text NOT NULL,
        stage_order integer NOT NULL,
        kind        text NOT NULL,
        due_at      timestamptz NOT NULL,
        fire_at     timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX pending_reminder_stages_obligation_idx ON pending_reminder_stages (task_id, period_id, fire_at, stage_order)`);
    await q.query(`CREATE INDEX pending_reminder_stages_fire_idx ON pending_reminder_stages (fire_at)`);
    await q.query(`
      CREATE TABLE pending_deliveries (
        delivery_id text PRIMARY KEY,
        stream_id   text NOT NULL,
        message_id  text NOT NULL,
        channel     text NOT NULL,
        agency      text NOT NULL,
        not_before  timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE follow_up_inbox (
        agency     text NOT NULL,
        message_id text NOT NULL,
        audience   text NOT NULL,
        stream_id  text NOT NULL,
        type       text NOT NULL,
        task_id    text,
        plan_id    text,
        period_id  text,
        kind       text,
        subject    text NOT NULL,
        body       text NOT NULL,
        due_at     timestamptz,
        sent_at    timestamptz NOT NULL,
        late       boolean NOT NULL DEFAULT false,
        position   bigint NOT NULL,
        PRIMARY KEY (agency, message_id, audience)
      )`);
    await q.query(`CREATE INDEX follow_up_inbox_agency_idx ON follow_up_inbox (agency, sent_at DESC, position DESC)`);
    await q.query(`
      CREATE TABLE follow_up_digest_items (
        agency      text NOT NULL,
        digest_date date NOT NULL,
        message_id  text NOT NULL,
        stream_id   text NOT NULL,
        task_id     text NOT NULL,
        subject     text NOT NULL,
        not_before  timestamptz NOT NULL,
        digested    boolean NOT NULL DEFAULT false,
        PRIMARY KEY (agency, digest_date, message_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'follow_up_digest_items',
      'follow_up_inbox',
      'pending_deliveries',
      'pending_reminder_stages',
      'follow_up_fired_stages',
      'follow_up_calendar',
      'follow_up_plans',
      'follow_up_tasks',
      'follow_up_checkpoint',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}

/** Every table the consumer derives; a rebuild empties them all in one transaction. */
export const FOLLOW_UP_DERIVED_TABLES = [
  'follow_up_tasks',
  'follow_up_plans',
  'follow_up_calendar',
  'follow_up_fired_stages',
  'pending_reminder_stages',
  'pending_deliveries',
  'follow_up_inbox',
  'follow_up_digest_items',
] as const;
