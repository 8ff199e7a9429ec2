import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The task board follows the calendar declarations (projection `task-board`):
 * - `task_board_calendar`, its copy of every day declared off or working (a handful a year);
 * - `obligations_open_due_date_idx`, the open obligations by due date, so that a declaration
 *   finds the deadlines it moves without reading every obligation. Partial: a rebuild writes
 *   mostly met obligations, which it then need not index.
 */
export class TaskBoardCalendar1734300000000 implements MigrationInterface {
  name = 'TaskBoardCalendar1734300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_board_calendar (
        position    bigint PRIMARY KEY,
        date        date NOT NULL,
        kind        text NOT NULL CHECK (kind IN ('day_off', 'working_day')),
        reason      text NOT NULL,
        declared_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX obligations_open_due_date_idx ON obligations (due_date) WHERE state = 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX obligations_open_due_date_idx');
    await q.query('DROP TABLE task_board_calendar');
  }
}
