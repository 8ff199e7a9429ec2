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

export const APPEND_SQL = `
WITH head AS (
  SELECT stream_version, hash FROM events
   WHERE stream_id = $1
   ORDER BY stream_version DESC
   LIMIT 1
), cur AS (
  SELECT coalesce((SELECT stream_version FROM head), 0) AS version, (SELECT hash FROM head) AS hash
), batch AS (
  SELECT x.item, x.ord FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS x(item, ord)
), chain AS (
  SELECT dondoc_chain_hashes(cur.hash, ARRAY(SELECT decode(b.item->>'contentHash', 'hex') FROM batch b ORDER BY b.ord)) AS hashes
    FROM cur
), txn AS (
  SELECT pg_current_xact_id()::text::bigint << ${POSITION_SHIFT} AS base
), pos AS (
  SELECT coalesce(max(e.global_position), txn.base) AS last
    FROM txn LEFT JOIN events e
      ON e.global_position > txn.base AND e.global_position < txn.base + ${1 << POSITION_SHIFT}
   GROUP BY txn.base
), ins AS (
  INSERT INTO events (global_position, stream_id, stream_version, event_id, event_type, schema_version,
                      data, metadata, prev_hash, hash)
  SELECT pos.last + b.ord, $1, cur.version + b.ord, (b.item->>'eventId')::uuid, b.item->>'type',
         (b.item->>'schemaVersion')::int, b.item->'data', b.item->'metadata',
         CASE WHEN b.ord = 1 THEN cur.hash ELSE chain.hashes[b.ord - 1] END, chain.hashes[b.ord]
    FROM batch b, cur, chain, pos
   WHERE $3::int IS NULL OR cur.version = $3::int
  RETURNING global_position, stream_version
), logged AS (
  INSERT INTO command_log (command_id, stream_id, first_position, last_position, stream_version)
  SELECT $4::text, $1, min(global_position), max(global_position), max(stream_version) FROM ins
  HAVING $4::text IS NOT NULL AND count(*) > 0
)
SELECT (SELECT version FROM cur) AS current_version,
       (SELECT min(global_position) FROM ins) AS first_position,
       (SELECT max(global_position) FROM ins) AS last_position,
       (SELECT max(stream_version) FROM ins) AS stream_version`;

export const EVENT_COLUMNS = `global_position, stream_id, stream_version, event_id, event_type, schema_version,
  data, metadata, recorded_at, transaction_id::text AS transaction_id, encode(prev_hash, 'hex') AS prev_hash,
  encode(hash, 'hex') AS hash`;

/** Rows below the oldest running transaction's first possible position are final. */
export const SAFE_HIGH_WATER_SQL = `(pg_snapshot_xmin(pg_current_snapshot())::text::bigint << ${POSITION_SHIFT})`;

export const READ_ALL_SQL = `
SELECT ${EVENT_COLUMNS} FROM events
 WHERE global_position > $1 AND global_position < ${SAFE_HIGH_WATER_SQL}
 ORDER BY global_position
 LIMIT $2`;
