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

/** The position the transaction's first event takes, less one. */
const TRANSACTION_BASE = `pg_current_xact_id()::text::bigint << ${POSITION_SHIFT}`;

/**
 * Where an append's positions start (`pos.last`, the last position taken before it). An append
 * on the pool is the only statement of its own transaction, so it starts at the transaction's
 * base and looks nothing up: that lookup reads the primary key's last page, the one every
 * concurrent append is writing to, and cost a quarter of an append at concurrency 8. Inside a
 * caller's transaction, earlier appends of the same transaction may have taken positions.
 */
export type PositionStart = 'own-transaction' | 'caller-transaction';

const POSITION: Record<PositionStart, string> = {
  'own-transaction': `(SELECT ${TRANSACTION_BASE} AS last) pos`,
  'caller-transaction': `(SELECT ${TRANSACTION_BASE} AS base) txn
    CROSS JOIN LATERAL (
      SELECT coalesce(max(e.global_position), txn.base) AS last FROM events e
       WHERE e.global_position > txn.base AND e.global_position < txn.base + ${1 << POSITION_SHIFT}
    ) pos`,
};

/** The stream's last event (none for a new stream): its version and hash. */
const HEAD = `SELECT stream_version, hash FROM events WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1`;

/**
 * Logs the command with the positions it took; nothing without a command id or when nothing was
 * appended. `ins` is one row for one event: no aggregate, which cost a tenth of an append.
 */
const LOG_ONE = `
, logged AS (
  INSERT INTO command_log (command_id, stream_id, first_position, last_position, stream_version)
  SELECT $9::text, $1, global_position, global_position, stream_version FROM ins WHERE $9::text IS NOT NULL
)`;

const LOG_MANY = `
, logged AS (
  INSERT INTO command_log (command_id, stream_id, first_position, last_position, stream_version)
  SELECT $9::text, $1, min(global_position), max(global_position), max(stream_version) FROM ins
  HAVING $9::text IS NOT NULL AND count(*) > 0
)`;

const INSERT_EVENTS = `INSERT INTO events (global_position, stream_id, stream_version, event_id, event_type, schema_version,
                      data, metadata, prev_hash, hash)`;

/** What a one-event append answers: its position and version (no row when nothing was appended). */
const ONE_RESULT = `
SELECT global_position AS first_position, global_position AS last_position, stream_version FROM ins`;

/**
 * One event (the common case): $1 stream, $2 event id, $3 type, $4 schema version, $5 data,
 * $6 metadata, $7 content hash, $8 expected version (null = any), $9 command id. No row when
 * the stream is not at the expected version.
 */
export const appendOneSql = (start: PositionStart) => `
WITH ins AS (
  ${INSERT_EVENTS}
  SELECT pos.last + 1, $1, coalesce(head.stream_version, 0) + 1, $2::uuid, $3::text, $4::int, $5::jsonb, $6::jsonb,
         head.hash, sha256(coalesce(head.hash, ''::bytea) || $7::bytea)
    FROM ${POSITION[start]}
    LEFT JOIN LATERAL (${HEAD}) head ON true
   WHERE $8::int IS NULL OR coalesce(head.stream_version, 0) = $8::int
  RETURNING global_position, stream_version
)${LOG_ONE}${ONE_RESULT}`;

/**
 * One event that starts a stream (expected version 0, the common case of a creating command),
 * on the pool: no head to read. The first event has no predecessor, and an existing stream
 * refuses it through the (stream_id, stream_version) key, which the store reads as a conflict.
 * Same parameters as appendOneSql ($8 is 0).
 */
export const APPEND_NEW_STREAM_SQL = `
WITH ins AS (
  ${INSERT_EVENTS}
  SELECT pos.last + 1, $1, 1, $2::uuid, $3::text, $4::int, $5::jsonb, $6::jsonb, NULL, sha256($7::bytea)
    FROM ${POSITION['own-transaction']}
   WHERE $8::int = 0
  RETURNING global_position, stream_version
)${LOG_ONE}${ONE_RESULT}`;

/**
 * Several events: the same with arrays ($2..$7), linked by `dondoc_chain_hashes`. The head and
 * the chain are computed once (materialised), whatever order the planner joins the batch in.
 */
export const appendManySql = (start: PositionStart) => `
WITH head AS MATERIALIZED (
  SELECT coalesce(h.stream_version, 0) AS version, h.hash, dondoc_chain_hashes(h.hash, $7::bytea[]) AS hashes
    FROM (SELECT) one LEFT JOIN LATERAL (${HEAD}) h ON true
), ins AS (
  ${INSERT_EVENTS}
  SELECT pos.last + b.ord, $1, head.version + b.ord, b.event_id, b.event_type, b.schema_version, b.data, b.metadata,
         CASE WHEN b.ord = 1 THEN head.hash ELSE head.hashes[b.ord - 1] END, head.hashes[b.ord]
    FROM ${POSITION[start]}
    CROSS JOIN head
    CROSS JOIN unnest($2::uuid[], $3::text[], $4::int[], $5::jsonb[], $6::jsonb[])
               WITH ORDINALITY AS b(event_id, event_type, schema_version, data, metadata, ord)
   WHERE $8::int IS NULL OR head.version = $8::int
  RETURNING global_position, stream_version
)${LOG_MANY}
SELECT min(global_position) AS first_position, max(global_position) AS last_position, max(stream_version) AS stream_version
  FROM ins HAVING count(*) > 0`;

/** The stream's current version, for the message of a refused append. */
export const STREAM_VERSION_SQL = `SELECT coalesce(max(stream_version), 0) AS version FROM events WHERE stream_id = $1`;

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
