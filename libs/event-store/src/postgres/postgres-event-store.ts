import { randomUUID } from 'node:crypto';
import { DatabaseError, Pool } from 'pg';
import {
  AppendOptions,
  AppendResult,
  CommandRecord,
  EventStore,
  ExpectedVersion,
  NewEvent,
  ProjectionEvent,
  Queryable,
  ReadStreamOptions,
  RecordedEvent,
  StreamSlice,
} from '../event-store';
import { IdempotencyKeyReusedError, WrongExpectedVersionError } from '../errors';
import { contentHash } from '../hashing';
import {
  APPEND_NEW_STREAM_SQL,
  appendManySql,
  appendOneSql,
  EVENT_COLUMNS,
  MAX_EVENTS_PER_TRANSACTION,
  PositionStart,
  READ_ALL_FOR_PROJECTION_SQL,
  READ_ALL_SQL,
  SAFE_HIGH_WATER_SQL,
  STREAM_VERSION_SQL,
} from './event-store.sql';

/** A row of `events` as EVENT_COLUMNS reads it. */
export interface EventRow {
  global_position: number;
  stream_id: string;
  stream_version: number;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: RecordedEvent['metadata'];
  recorded_at: Date;
  transaction_id: string;
  prev_hash: string | null;
  hash: string;
}

/** The columns of READ_ALL_FOR_PROJECTION_SQL, in order. */
type ProjectionEventRow = [
  globalPosition: number,
  streamId: string,
  streamVersion: number,
  type: string,
  schemaVersion: number,
  data: unknown,
  occurredAt: string,
  recordedMs: number,
];

interface AppendRow {
  first_position: number;
  last_position: number;
  stream_version: number;
}

/** The append statements, prepared under these names on each connection. */
const NEW_STREAM_STATEMENT = { name: 'dondoc_append_new_stream', text: APPEND_NEW_STREAM_SQL };
const APPEND_STATEMENTS: Record<PositionStart, { one: { name: string; text: string }; many: { name: string; text: string } }> = {
  'own-transaction': {
    one: { name: 'dondoc_append_one', text: appendOneSql('own-transaction') },
    many: { name: 'dondoc_append_many', text: appendManySql('own-transaction') },
  },
  'caller-transaction': {
    one: { name: 'dondoc_append_one_in_transaction', text: appendOneSql('caller-transaction') },
    many: { name: 'dondoc_append_many_in_transaction', text: appendManySql('caller-transaction') },
  },
};

const UNIQUE_VIOLATION = '23505';

interface PreparedEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  /** JSON text of the data and metadata, as sent to jsonb. */
  data: string;
  metadata: string;
  contentHash: Buffer;
}
const ANY_VERSION_RETRIES = 10;

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    globalPosition: row.global_position,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    eventId: row.event_id,
    type: row.event_type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
    transactionId: row.transaction_id,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * PostgreSQL event store. An append is one statement (one round trip, autocommit): version
 * check, hash chain, position, insert and command log together; a refused one reads the
 * stream's version afterwards for its message.
 */
export class PostgresEventStore implements EventStore {
  constructor(private readonly pool: Pool) {}

  async append(streamId: string, expected: ExpectedVersion, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    if (events.length > MAX_EVENTS_PER_TRANSACTION) {
      throw new Error(`at most ${MAX_EVENTS_PER_TRANSACTION} events in one append`);
    }
    const metadata = JSON.stringify(options.metadata);
    const batch = events.map((event): PreparedEvent => {
      const eventId = event.eventId ?? randomUUID();
      const schemaVersion = event.schemaVersion ?? 1;
      const data = JSON.stringify(event.data ?? {});
      // Hash exactly what jsonb will store and hand back: the JSON text parsed again.
      const hash = contentHash({
        streamId,
        eventId,
        type: event.type,
        schemaVersion,
        data: JSON.parse(data),
        metadata: JSON.parse(metadata),
      });
      return { eventId, type: event.type, schemaVersion, data, metadata, contentHash: hash };
    });
    const expectedVersion = expected === 'no_stream' ? 0 : expected;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.appendOnce(streamId, expectedVersion, batch, options);
      } catch (error) {
        const retryable = expected === 'any' && error instanceof WrongExpectedVersionError;
        if (!retryable || attempt >= ANY_VERSION_RETRIES) throw error;
      }
    }
  }

  private async appendOnce(
    streamId: string,
    expected: number | 'any',
    batch: PreparedEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const executor: Queryable = options.client ?? this.pool;
    const statements = APPEND_STATEMENTS[options.client ? 'caller-transaction' : 'own-transaction'];
    let row: AppendRow | undefined;
    try {
      const tail = [expected === 'any' ? null : expected, options.commandId ?? null];
      const [only] = batch;
      const one = expected === 0 && !options.client ? NEW_STREAM_STATEMENT : statements.one;
      const result = await executor.query<AppendRow>(
        batch.length === 1
          ? {
              ...one,
              values: [streamId, only.eventId, only.type, only.schemaVersion, only.data, only.metadata, only.contentHash, ...tail],
            }
          : {
              ...statements.many,
              values: [
                streamId,
                batch.map((e) => e.eventId),
                batch.map((e) => e.type),
                batch.map((e) => e.schemaVersion),
                batch.map((e) => e.data),
                batch.map((e) => e.metadata),
                batch.map((e) => e.contentHash),
                ...tail,
              ],
            },
      );
      row = result.rows[0];
    } catch (error) {
      if (error instanceof DatabaseError && error.code === UNIQUE_VIOLATION) {
        // Either the same command won a race (idempotent replay) or another writer took the version.
        const earlier = await this.earlierResult(streamId, options);
        if (earlier) return earlier;
        // A position taken twice is no version conflict: an append on the pool was not alone in its transaction.
        if (error.constraint === 'command_log_pkey' || error.constraint === 'events_pkey') throw error;
        // Outside a caller's transaction (which the error has aborted), say where the stream is.
        const actual = options.client ? null : await this.versionAfterRefusal(executor, streamId, expected);
        throw new WrongExpectedVersionError(streamId, expected, actual);
      }
      throw error;
    }
    if (!row) {
      // Not at the expected version. A replayed command finds the stream moved on by its own first run.
      const earlier = await this.earlierResult(streamId, options);
      if (earlier) return earlier;
      throw new WrongExpectedVersionError(streamId, expected, await this.versionAfterRefusal(executor, streamId, expected));
    }
    return {
      streamId,
      streamVersion: row.stream_version,
      firstPosition: row.first_position,
      lastPosition: row.last_position,
      duplicate: false,
    };
  }

  /**
   * The stream's version for a refused append's message, read after the refusal: a writer may
   * have moved it since, and a version equal to the expected one would say nothing (null).
   */
  private async versionAfterRefusal(executor: Queryable, streamId: string, expected: number | 'any'): Promise<number | null> {
    const result = await executor.query<{ version: number }>(STREAM_VERSION_SQL, [streamId]);
    const { version } = result.rows[0];
    return version === expected ? null : version;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StreamSlice> {
    const conditions = ['stream_id = $1'];
    const values: unknown[] = [streamId];
    if (options.fromVersion !== undefined) {
      values.push(options.fromVersion);
      conditions.push(`stream_version >= $${values.length}`);
    }
    if (options.toVersion !== undefined) {
      values.push(options.toVersion);
      conditions.push(`stream_version <= $${values.length}`);
    }
    if (options.until !== undefined) {
      values.push(options.until.toISOString());
      conditions.push(`(metadata->>'occurredAt')::timestamptz <= $${values.length}::timestamptz`);
    }
    values.push(options.limit ?? 100_000);
    const result = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE ${conditions.join(' AND ')}
        ORDER BY stream_version LIMIT $${values.length}`,
      values,
    );
    const events = result.rows.map(toRecordedEvent);
    return { streamId, events, version: events.length ? events[events.length - 1].streamVersion : 0 };
  }

  async readAll(afterPosition: number, limit: number): Promise<RecordedEvent[]> {
    const result = await this.pool.query<EventRow>({ name: 'dondoc_read_all', text: READ_ALL_SQL, values: [afterPosition, limit] });
    return result.rows.map(toRecordedEvent);
  }

  async readAllForProjection(afterPosition: number, limit: number): Promise<ProjectionEvent[]> {
    // Rows as arrays: no object per row to build and drop (a rebuild reads every event).
    const result = await this.pool.query<ProjectionEventRow>({
      name: 'dondoc_read_all_for_projection',
      text: READ_ALL_FOR_PROJECTION_SQL,
      values: [afterPosition, limit],
      rowMode: 'array',
    });
    return result.rows.map(([globalPosition, streamId, streamVersion, type, schemaVersion, data, occurredAt, recordedMs]) => ({
      globalPosition,
      streamId,
      streamVersion,
      type,
      schemaVersion,
      data,
      metadata: { occurredAt },
      recordedAt: new Date(recordedMs),
    }));
  }

  async findCommand(commandId: string): Promise<CommandRecord | null> {
    const result = await this.pool.query<{
      command_id: string;
      stream_id: string;
      first_position: number;
      last_position: number;
      stream_version: number;
    }>('SELECT command_id, stream_id, first_position, last_position, stream_version FROM command_log WHERE command_id = $1', [commandId]);
    const row = result.rows[0];
    if (!row) return null;
    return {
      commandId: row.command_id,
      streamId: row.stream_id,
      firstPosition: row.first_position,
      lastPosition: row.last_position,
      streamVersion: row.stream_version,
    };
  }

  async safeHeadPosition(): Promise<number> {
    const result = await this.pool.query<{ head: number | null }>(
      `SELECT max(global_position) AS head FROM events WHERE global_position < ${SAFE_HIGH_WATER_SQL}`,
    );
    return result.rows[0].head ?? 0;
  }

  /**
   * The first result of this command id, when it was already appended (outside a caller's
   * transaction); an id taken by a command on another stream is refused, never answered with
   * that stream's result.
   */
  private async earlierResult(streamId: string, options: AppendOptions): Promise<AppendResult | null> {
    if (!options.commandId || options.client) return null;
    const record = await this.findCommand(options.commandId);
    if (!record) return null;
    if (record.streamId !== streamId) throw new IdempotencyKeyReusedError(streamId, record.streamId);
    return {
      streamId: record.streamId,
      streamVersion: record.streamVersion,
      firstPosition: record.firstPosition,
      lastPosition: record.lastPosition,
      duplicate: true,
    };
  }
}
