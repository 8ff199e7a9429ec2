import { MigrationInterface, QueryRunner } from 'typeorm';

/** The checkpoint of every projection (see ProjectionCheckpoint). */
export class ProjectionCheckpoints1733000000000 implements MigrationInterface {
  name = 'ProjectionCheckpoints1733000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE projection_checkpoints (
        name             text PRIMARY KEY,
        position         bigint NOT NULL DEFAULT 0,
        events_applied   bigint NOT NULL DEFAULT 0,
        last_recorded_at timestamptz,
        updated_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
        rebuilt_at       timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE projection_checkpoints');
  }
}
