import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables of the task-board, agency-scorecard and plan-progress projections. A rebuild copies
 * each with `CREATE TABLE … (LIKE … INCLUDING ALL)` and swaps it in, so the schema here is the
 * only one to change.
 */
export class TaskingReadModels1733000000100 implements MigrationInterface {
  name = 'TaskingReadModels1733000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_board_plans (
        plan_id      text PRIMARY KEY,
        number       text NOT NULL,
        title        text NOT NULL,
        period_start date NOT NULL,
        period_end   date,
        issued_at    timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE task_board (
        task_id               text PRIMARY KEY,
        plan_id               text NOT NULL,
        plan_number           text,
        title                 text NOT NULL,
        lead_agency           text NOT NULL,
        coordinating_agencies text[] NOT NULL DEFAULT '{}',
        source_ref            text,
        due_date              date,
        due_at                timestamptz,
        reporting_schedule    jsonb,
        assigned_at           timestamptz NOT NULL,
        lifecycle             text NOT NULL CHECK (lifecycle IN ('active', 'completed', 'cancelled')),
        completed_at          timestamptz,
        completed_late        boolean,
        cancelled_at          timestamptz,
        cancel_reason         text,
        obligations_total     integer NOT NULL DEFAULT 0,
        obligations_satisfied integer NOT NULL DEFAULT 0,
        obligations_late      integer NOT NULL DEFAULT 0,
        open_period_id        text,
        open_due_at           timestamptz,
        open_due_soon_at      timestamptz,
        last_satisfied_at     timestamptz,
        last_satisfied_late   boolean,
        last_report_id        text,
        last_report_period_id text,
        last_report_at        timestamptz,
        last_report_status    text,
        last_report_late      boolean,
        last_progress_percent integer,
        extensions_pending    integer NOT NULL DEFAULT 0,
        extensions_granted    integer NOT NULL DEFAULT 0,
        reassignments         integer NOT NULL DEFAULT 0,
        reminder_count        integer NOT NULL DEFAULT 0,
        stream_version        integer NOT NULL,
        last_position         bigint NOT NULL
      )`);
    await q.query('CREATE INDEX task_board_plan_id_idx ON task_board (plan_id, task_id)');
    await q.query('CREATE INDEX task_board_lead_agency_idx ON task_board (lead_agency, task_id)');
    await q.query('CREATE INDEX task_board_coordinating_agencies_idx ON task_board USING gin (coordinating_agencies)');
    await q.query(`
      CREATE TABLE obligations (
        task_id          text NOT NULL,
        period_id        text NOT NULL,
        plan_id          text NOT NULL,
        agency           text NOT NULL,
        nominal_date     date,
        original_due_at  timestamptz NOT NULL,
        due_date         date,
        due_at           timestamptz NOT NULL,
        due_soon_at      timestamptz NOT NULL,
        state            text NOT NULL CHECK (state IN ('open', 'satisfied', 'missed', 'cancelled')),
        submitted_at     timestamptz,
        report_id        text,
        late             boolean,
        accepted_at      timestamptz,
        returned_at      timestamptz,
        returns          integer NOT NULL DEFAULT 0,
        extension_id     text,
        extension_status text,
        last_position    bigint NOT NULL,
        PRIMARY KEY (task_id, period_id)
      )`);
    await q.query('CREATE INDEX obligations_plan_id_idx ON obligations (plan_id, due_at)');
    await q.query('CREATE INDEX obligations_agency_idx ON obligations (agency, due_at)');
    await q.query(`
      CREATE TABLE agency_scorecard (
        agency_code          text PRIMARY KEY,
        name_vi              text,
        level                text,
        kind                 text,
        tasks_lead           integer NOT NULL DEFAULT 0,
        tasks_open           integer NOT NULL DEFAULT 0,
        tasks_completed      integer NOT NULL DEFAULT 0,
        tasks_cancelled      integer NOT NULL DEFAULT 0,
        tasks_coordinating   integer NOT NULL DEFAULT 0,
        reports_submitted    integer NOT NULL DEFAULT 0,
        reports_late         integer NOT NULL DEFAULT 0,
        reports_accepted     integer NOT NULL DEFAULT 0,
        reports_returned     integer NOT NULL DEFAULT 0,
        extensions_requested integer NOT NULL DEFAULT 0,
        extensions_granted   integer NOT NULL DEFAULT 0,
        reassigned_in        integer NOT NULL DEFAULT 0,
        reassigned_out       integer NOT NULL DEFAULT 0,
        last_position        bigint NOT NULL
      )`);
    await q.query(`
      CREATE TABLE agency_scorecard_tasks (
        task_id               text PRIMARY KEY,
        lead_agency           text NOT NULL,
        coordinating_agencies text[] NOT NULL DEFAULT '{}',
        lifecycle             text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE plan_progress (
        plan_id           text PRIMARY KEY,
        number            text,
        title             text,
        issuer_agency     text,
        monitoring_agency text,
        issued_on         date,
        period_start      date,
        period_end        date,
        tasks_total       integer NOT NULL DEFAULT 0,
        tasks_active      integer NOT NULL DEFAULT 0,
        tasks_completed   integer NOT NULL DEFAULT 0,
        tasks_cancelled   integer NOT NULL DEFAULT 0,
        reports_submitted integer NOT NULL DEFAULT 0,
        reports_late      integer NOT NULL DEFAULT 0,
        reports_accepted  integer NOT NULL DEFAULT 0,
        reports_returned  integer NOT NULL DEFAULT 0,
        reassignments     integer NOT NULL DEFAULT 0,
        last_activity_at  timestamptz,
        last_position     bigint NOT NULL
      )`);
    await q.query(`
      CREATE TABLE plan_progress_tasks (
        task_id   text PRIMARY KEY,
        plan_id   text NOT NULL,
        lifecycle text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['plan_progress_tasks', 'plan_progress', 'agency_scorecard_tasks', 'agency_scorecard', 'obligations', 'task_board', 'task_board_plans']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
