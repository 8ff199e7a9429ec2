import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only event table, the command log that makes commands idempotent, and the
 * database-side refusal of UPDATE, DELETE and TRUNCATE (trigger and grants).
 */
export class EventStore1732000000000 implements MigrationInterface {
  name = 'EventStore1732000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE events (
        global_position bigint PRIMARY KEY,
        transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_id       text NOT NULL,
        stream_version  integer NOT NULL CHECK (stream_version > 0),
        event_id        uuid NOT NULL,
        event_type      text NOT NULL,
        schema_version  integer NOT NULL DEFAULT 1,
        data            jsonb NOT NULL,
        metadata        jsonb NOT NULL,
        recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
        prev_hash       bytea,
        hash            bytea NOT NULL,
        CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version)
      )`);
    await q.query(`
      CREATE TABLE command_log (
        command_id     text PRIMARY KEY,
        stream_id      text NOT NULL,
        first_position bigint NOT NULL,
        last_position  bigint NOT NULL,
        stream_version integer NOT NULL,
        recorded_at    timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`
      CREATE FUNCTION dondoc_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'dondoc: % on % is refused: the event store is append-only', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['events', 'command_log']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
                     FOR EACH ROW EXECUTE FUNCTION dondoc_refuse_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
                     FOR EACH STATEMENT EXECUTE FUNCTION dondoc_refuse_change()`);
      await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM PUBLIC`);
    }
    // Links each event to its stream predecessor inside the append statement (one round trip).
    await q.query(`
      CREATE FUNCTION dondoc_chain_hashes(prev bytea, contents bytea[]) RETURNS bytea[]
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      DECLARE
        result bytea[] := ARRAY[]::bytea[];
        link bytea := prev;
        content bytea;
      BEGIN
        FOREACH content IN ARRAY contents LOOP
          link := sha256(coalesce(link, ''::bytea) || content);
          result := array_append(result, link);
        END LOOP;
        RETURN result;
      END $$`);
    // The role the application should log in as in production: it may read and append, never
    // change. Roles are cluster-wide, so a parallel migration may have made it already.
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dondoc_app') THEN
          CREATE ROLE dondoc_app NOLOGIN;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation OR internal_error THEN NULL;
      END $$`);
    await q.query(`GRANT SELECT, INSERT ON events, command_log TO dondoc_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE command_log`);
    await q.query(`DROP TABLE events`);
    await q.query(`DROP FUNCTION dondoc_chain_hashes(bytea, bytea[])`);
    await q.query(`DROP FUNCTION dondoc_refuse_change()`);
  }
}
