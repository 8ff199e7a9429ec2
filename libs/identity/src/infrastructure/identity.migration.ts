import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Credentials and the user-name index. The user stream (`user-<id>`) is the truth about who
 * someone is (role, agency, status); this table holds what must stay out of the append-only
 * store: the salted password hash, which can be replaced and erased. It is written in the same
 * transaction as the user events, so the two never disagree.
 */
export class Identity1733600000000 implements MigrationInterface {
  name = 'Identity1733600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity_users (
        user_id       text PRIMARY KEY,
        username      text NOT NULL UNIQUE,
        display_name  text NOT NULL,
        role          text NOT NULL,
        agency        text,
        password_hash text NOT NULL,
        disabled_at   timestamptz,
        created_at    timestamptz NOT NULL,
        updated_at    timestamptz NOT NULL,
        version       integer NOT NULL
      )`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON identity_users TO dondoc_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity_users`);
  }
}
