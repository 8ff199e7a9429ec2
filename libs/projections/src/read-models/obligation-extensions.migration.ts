import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `obligations.extended_to`: the new date of the granted extension an obligation's deadline is
 * on, so that a day declared off on it (before it passed) moves it like any other deadline.
 * Rows granted before this migration had their deadline on that date (no declaration moved
 * granted deadlines then): their `due_date` is it. A row whose granted extension was followed by
 * a second request is left null here; `rebuild task-board` sets every row from the events.
 */
export class ObligationExtensions1734400000000 implements MigrationInterface {
  name = 'ObligationExtensions1734400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE obligations ADD COLUMN extended_to date');
    await q.query(`UPDATE obligations SET extended_to = due_date WHERE extension_status = 'granted'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE obligations DROP COLUMN extended_to');
  }
}
