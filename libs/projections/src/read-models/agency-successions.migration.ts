import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `agency_successions`, owned by the agency-scorecard projection (AgencySucceeded events): which
 * agency's work passed to which, from when, and since when that is known. Small (one row per
 * succeeded agency: some hundreds for the 2025 reform of a whole country); the queries read it
 * whole for their clock time. A rebuild copies it with the projection's other tables.
 */
export class AgencySuccessions1734200000000 implements MigrationInterface {
  name = 'AgencySuccessions1734200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agency_successions (
        agency_code    text PRIMARY KEY,
        successor_code text NOT NULL,
        effective_on   date NOT NULL,
        effective_at   timestamptz NOT NULL,
        reason         text NOT NULL,
        recorded_at    timestamptz NOT NULL,
        last_position  bigint NOT NULL
      )`);
    await q.query('CREATE INDEX agency_successions_successor_idx ON agency_successions (successor_code)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE agency_successions');
  }
}
