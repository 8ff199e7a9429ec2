import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The chain of seals over the global order (DESIGN.md "The event store", tamper evidence) and
 * the indexes the auditors' queries page on.
 */
export class Audit1733700000000 implements MigrationInterface {
  name = 'Audit1733700000000';

  async up(q: QueryRunner): Promise<void> {
    // One row per sealed range (from_position .. to_position, both inclusive, contiguous from 1).
    // `leaves` is diagnostic, not evidence: (position int8, stream_version int4, hash 32 bytes)
    // per event, so that verify can name which position went missing, was inserted or moved.
    await q.query(`
      CREATE TABLE event_seals (
        seal_no        bigint PRIMARY KEY CHECK (seal_no > 0),
        from_position  bigint NOT NULL UNIQUE,
        to_position    bigint NOT NULL UNIQUE CHECK (to_position >= from_position),
        event_count    integer NOT NULL CHECK (event_count > 0),
        events_digest  bytea NOT NULL,
        prev_seal_hash bytea,
        seal_hash      bytea NOT NULL UNIQUE,
        sealed_at      timestamptz NOT NULL,
        leaves         bytea NOT NULL
      )`);
    // Seals are as append-only as the events they seal (same trigger function, same grants).
    await q.query(`CREATE TRIGGER event_seals_append_only BEFORE UPDATE OR DELETE ON event_seals
                   FOR EACH ROW EXECUTE FUNCTION dondoc_refuse_change()`);
    await q.query(`CREATE TRIGGER event_seals_no_truncate BEFORE TRUNCATE ON event_seals
                   FOR EACH STATEMENT EXECUTE FUNCTION dondoc_refuse_change()`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON event_seals FROM PUBLIC`);
    await q.query(`GRANT SELECT, INSERT ON event_seals TO dondoc_app`);
    // "Everything one user did": keyset pages by position within one actor.
    await q.query(`CREATE INDEX events_actor_position_idx ON events ((metadata->>'actor'), global_position)`);
    // A plan's tasks, for time travel of plan progress and for exports.
    await q.query(`CREATE INDEX events_task_plan_idx ON events ((data->>'planId'), stream_id)
                   WHERE event_type = 'TaskAssigned'`);
    // A commune's evaluation streams, for its state as of an instant (CommuneAsOfService).
    await q.query(`CREATE INDEX events_commune_idx ON events ((coalesce(data->>'communeId', data->>'unitId')), stream_id)
                   WHERE stream_id LIKE 'transformation-%' OR stream_id LIKE 'movement-%'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX events_commune_idx`);
    await q.query(`DROP INDEX events_task_plan_idx`);
    await q.query(`DROP INDEX events_actor_position_idx`);
    await q.query(`DROP TABLE event_seals`);
  }
}
