import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The list of programmes is read from their definitions in the event store; this partial index
 * keeps that read small however many other events the store holds.
 */
export class Evaluation1733900000000 implements MigrationInterface {
  name = 'Evaluation1733900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX events_programme_defined_idx ON events (global_position) WHERE event_type = 'EvaluationProgrammeDefined'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX events_programme_defined_idx');
  }
}
