import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `obligations.extended_to`: the new date of the granted extension an obligation's deadline is
 * on, so that a day declared off on it (before it passed) moves it like any other deadline.
 * Rows granted before this migration had their `due_date` on that date (no declaration moved
 * granted deadlines then). Two cases only the events can tell are left as they were: a row whose
 * granted extension was followed by a second request, and a granted date declared off after the
 * grant; `rebuild task-board` sets every row from the events (docs/operations.md, upgrading).
 */
export class ObligationExtensions1734400000000 implements MigrationInterface {
  name = 'ObligationExtensions1734400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE obligations ADD COLUMN extended_to date');
    // The day the deadline ends on becomes the due date (as ExtensionGranted now sets it).
    await q.query(`
      UPDATE obligations
         SET extended_to = due_date, due_date = ((due_at - interval '1 millisecond') AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
       WHERE extension_status = 'granted'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE obligations DROP COLUMN extended_to');
  }
}
