/**
 * Global positions encode the writing transaction: position = (xid8 << 12) + n, n = 1..4095
 * within one transaction. Positions therefore sort exactly like (transaction id, order within
 * the transaction), and a reader that sees only rows below `pg_snapshot_xmin << 12` reads a
 * prefix that can never grow behind it: every transaction that could still commit has an
 * xid >= xmin, hence positions above everything read. The resume cursor (the position) is
 * the very key of the read order. See docs/architecture.md, "Global positions".
 */
export const POSITION_SHIFT = 12;
export const MAX_EVENTS_PER_TRANSACTION = (1 << POSITION_SHIFT) - 1;

const HEAD_AND_POSITION = `
WITH head AS (
  SELECT stream_version, hash FROM events
   WHERE stream_id = $1
   ORDER BY stream_version DESC
   LIMIT 1
), cur AS (
  SELECT coalesce((SELECT stream_version FROM head), 0) AS version, (SELECT hash FROM head) AS hash
), txn AS (
  SELECT pg_current_xact_id()::text::bigint << ${POSITION_SHIFT} AS base
), pos AS (
  -- Positions already taken by this transaction (a caller's transaction may append twice).
  SELECT coalesce(max(e.global_position), txn.base) AS last
    FROM txn LEFT JOIN events e
      ON e.global_position > txn.base AND e.global_position < txn.base + ${1 << POSITION_SHIFT}
   GROUP BY txn.base
)`;

const LOG_AND_RESULT = `
, logged AS (
  INSERT INTO command_log (command_id, stream_id, first_position, last_position, stream_version)
  SELECT $9::text, $1, min(global_position), max(global_position), max(stream_version) FROM ins
  HAVING $9::text IS NOT NULL AND count(*) > 0
)
SELECT (SELECT version FROM cur) AS current_version,
       (SELECT min(global_position) FROM ins) AS first_position,
       (SELECT max(global_position) FROM ins) AS last_position,
       (SELECT max(stream_version) FROM ins) AS stream_version`;

/**
 * One event (the common case): $1 stream, $2 event id, $3 type, $4 schema version, $5 data,
 * $6 metadata, $7 content hash, $8 expected version (null = any), $9 command id.
 */
export const APPEND_ONE_SQL = `${HEAD_AND_POSITION}
, ins AS (
  INSERT INTO events (global_position, stream_id, stream_version, event_id, event_type, schema_version,
                      data, metadata, prev_hash, hash)
  SELECT pos.last + 1, $1, cur.version + 1, $2::uuid, $3::text, $4::int, $5::jsonb, $6::jsonb,
         cur.hash, sha256(coalesce(cur.hash, ''::bytea) || $7::bytea)
    FROM cur, pos
   WHERE $8::int IS NULL OR cur.version = $8::int
  RETURNING global_position, stream_version
)${LOG_AND_RESULT}`;

/** Several events: the same with arrays ($2..$7), linked by `dondoc_chain_hashes`. */
export const APPEND_MANY_SQL = `${HEAD_AND_POSITION}
, batch AS (
  SELECT * FROM unnest($2::uuid[], $3::text[], $4::int[], $5::jsonb[], $6::jsonb[], $7::bytea[])
    WITH ORDINALITY AS b(event_id, event_type, schema_version, data, metadata, content_hash, ord)
), chain AS (
  SELECT dondoc_chain_hashes(cur.hash, $7::bytea[]) AS hashes FROM cur
), ins AS (
  INSERT INTO events (global_position, stream_id, stream_version, event_id, event_type, schema_version,
                      data, metadata, prev_hash, hash)
  SELECT pos.last + b.ord, $1, cur.version + b.ord, b.event_id, b.event_type, b.schema_version, b.data, b.metadata,
         CASE WHEN b.ord = 1 THEN cur.hash ELSE chain.hashes[b.ord - 1] END, chain.hashes[b.ord]
    FROM batch b, cur, chain, pos
   WHERE $8::int IS NULL OR cur.version = $8::int
  RETURNING global_position, stream_version
)${LOG_AND_RESULT}`;

export const EVENT_COLUMNS = `global_position, stream_id, stream_version, event_id, event_type, schema_version,
  data, metadata, recorded_at, transaction_id::text AS transaction_id, encode(prev_hash, 'hex') AS prev_hash,
  encode(hash, 'hex') AS hash`;

/** Rows below the oldest running transaction's first possible position are final. */
export const SAFE_HIGH_WATER_SQL = `(pg_snapshot_xmin(pg_current_snapshot())::text::bigint << ${POSITION_SHIFT})`;

/**
 * The next `$2` events after `$1`, less those at or above the safe high-water mark: the ones
 * below it are a prefix of the next ones, so a short batch never skips anything. The mark is
 * applied after the LIMIT on purpose: inside the scan, its unknown value made the planner
 * estimate a thousand rows for a range that held every event after `$1`, and choose a bitmap
 * scan of all of them and a sort, 90 ms instead of 3 ms per batch at 100,000 events (PostgreSQL
 * plans a prepared statement's first five runs for their values, so this hit every new connection).
 */
const readAllSql = (columns: string) => `
SELECT * FROM (
  SELECT ${columns} FROM events
   WHERE global_position > $1
   ORDER BY global_position
   LIMIT $2
) e
 WHERE global_position < ${SAFE_HIGH_WATER_SQL}
 ORDER BY global_position`;

export const READ_ALL_SQL = readAllSql(EVENT_COLUMNS);

/** READ_ALL_SQL with only the columns a read model reads (ProjectionEvent). */
export const READ_ALL_FOR_PROJECTION_SQL = readAllSql(`global_position, stream_id, stream_version, event_type, schema_version, data,
       metadata->>'occurredAt' AS occurred_at,
       -- A number is read about four times as fast as a timestamp's text; read models need no microseconds.
       floor(extract(epoch FROM recorded_at) * 1000)::float8 AS recorded_ms`);
