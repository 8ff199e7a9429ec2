/**
 * The event store port: the only source of truth. Commands append; projections, reminders
 * and auditors read. Positions and versions are explained in docs/architecture.md.
 */
export const EVENT_STORE = Symbol('EVENT_STORE');

/** Who did it, when, and why; written by the server from the bearer token and the clock. */
export interface EventMetadata {
  actor: string;
  role: string;
  agency: string | null;
  commandId: string;
  correlationId: string;
  causationId: string | null;
  /** Business time from the injected clock (ISO 8601). */
  occurredAt: string;
  [extra: string]: unknown;
}

export interface NewEvent<TType extends string = string, TData = unknown> {
  type: TType;
  data: TData;
  /** Schema version of `data`; raise it (and add an upcaster) when the shape changes. */
  schemaVersion?: number;
  eventId?: string;
}

export interface RecordedEvent<TType extends string = string, TData = unknown> {
  globalPosition: number;
  streamId: string;
  /** 1 for the first event of a stream. */
  streamVersion: number;
  eventId: string;
  type: TType;
  schemaVersion: number;
  data: TData;
  metadata: EventMetadata;
  recordedAt: Date;
  transactionId: string;
  /** Hex SHA-256 of the stream predecessor's hash link; null for the first event. */
  prevHash: string | null;
  hash: string;
}

/**
 * An event as the read models read it (`readAllForProjection`): without its hash links, its
 * transaction id, its event id and the metadata other than `occurredAt`, which no projection
 * reads and which made up half of what a rebuild parsed. A RecordedEvent is one.
 */
export type ProjectionEvent<TType extends string = string, TData = unknown> = Pick<
  RecordedEvent<TType, TData>,
  'globalPosition' | 'streamId' | 'streamVersion' | 'type' | 'schemaVersion' | 'data' | 'recordedAt'
> & { metadata: Pick<EventMetadata, 'occurredAt'> };

/**
 * - a number: the stream must be at exactly that version (0 = must not exist yet);
 * - 'no_stream': same as 0;
 * - 'any': append at whatever the version is (the store retries on a race).
 */
export type ExpectedVersion = number | 'no_stream' | 'any';

export interface AppendOptions {
  /** Same command id again: nothing is appended and the first result is returned. */
  commandId?: string;
  metadata: EventMetadata;
  /** Run inside a caller's transaction (a `pg` client after BEGIN). */
  client?: Queryable;
}

export interface AppendResult {
  streamId: string;
  /** Stream version after the append: the next expected version. */
  streamVersion: number;
  firstPosition: number;
  lastPosition: number;
  /** True when the command id had been seen: nothing new was written. */
  duplicate: boolean;
}

export interface StreamSlice<TEvent extends RecordedEvent = RecordedEvent> {
  streamId: string;
  events: TEvent[];
  /** Version of the last event returned (0 for a stream with none). */
  version: number;
}

export interface ReadStreamOptions {
  fromVersion?: number;
  toVersion?: number;
  /** Only events whose business time `occurredAt` is at or before this instant. */
  until?: Date;
  limit?: number;
}

export interface CommandRecord {
  commandId: string;
  streamId: string;
  firstPosition: number;
  lastPosition: number;
  streamVersion: number;
}

/** Minimal query surface shared by `pg.Pool` and `pg.PoolClient`. */
export interface Queryable {
  query<R = Record<string, unknown>>(text: string | { text: string; values?: unknown[]; name?: string }, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}

export interface EventStore {
  append(streamId: string, expected: ExpectedVersion, events: NewEvent[], options: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StreamSlice>;
  /**
   * Events after `afterPosition` in global order, never past an event that may still commit
   * with a lower position (safe high-water mark).
   */
  readAll(afterPosition: number, limit: number): Promise<RecordedEvent[]>;
  /** The events `readAll` gives, with only what a read model reads of them (ProjectionEvent). */
  readAllForProjection(afterPosition: number, limit: number): Promise<ProjectionEvent[]>;
  findCommand(commandId: string): Promise<CommandRecord | null>;
  /** Highest position that readers may see now. */
  safeHeadPosition(): Promise<number>;
}
