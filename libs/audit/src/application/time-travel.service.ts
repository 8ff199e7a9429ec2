import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, RecordedEvent, Upcasters } from '@dondoc/event-store';
import { invalid, notFound, unprocessable } from '@dondoc/platform/errors/domain-error';
import { prefixAsOf } from '../domain/as-of';
import { StreamKindRegistry } from '../domain/stream-kinds';

export interface EventRef {
  globalPosition: number;
  streamVersion: number;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: string;
  role: string;
  agency: string | null;
  commandId: string;
}

export interface StreamStateAsOf {
  streamId: string;
  kind: string;
  asOf: { at: string | null; version: number | null; basis: 'metadata.occurredAt' | 'streamVersion' };
  /** Version of the last event folded (0: the stream did not exist yet). */
  version: number;
  /** The stream's version today, for comparison. */
  currentVersion: number;
  state: unknown;
  lastEvent: EventRef | null;
  /** The first event after the cut, if any. */
  nextEvent: EventRef | null;
}

const refOf = (e: RecordedEvent): EventRef => ({
  globalPosition: e.globalPosition,
  streamVersion: e.streamVersion,
  type: e.type,
  occurredAt: e.metadata.occurredAt,
  recordedAt: e.recordedAt instanceof Date ? e.recordedAt.toISOString() : String(e.recordedAt),
  actor: e.metadata.actor,
  role: e.metadata.role,
  agency: e.metadata.agency,
  commandId: e.metadata.commandId,
});

/** State of any stream as it was at an instant or a version, folded from its events. */
@Injectable()
export class TimeTravelService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly upcasters: Upcasters,
    private readonly kinds: StreamKindRegistry,
  ) {}

  async stateOf(streamId: string, asOf: { at?: Date; version?: number }): Promise<StreamStateAsOf> {
    if ((asOf.at === undefined) === (asOf.version === undefined)) {
      throw invalid('AS_OF_REQUIRED', 'Cần đúng một trong hai tham số: at (thời điểm ISO 8601) hoặc version (phiên bản)');
    }
    const kind = this.kinds.resolve(streamId);
    if (!kind) {
      throw unprocessable('STREAM_KIND_UNKNOWN', `Không biết cách dựng lại trạng thái của luồng ${streamId}`, {
        known: this.kinds.list().map((k) => k.prefix),
      });
    }
    const slice = await this.store.readStream(streamId);
    if (slice.events.length === 0) throw notFound('STREAM_NOT_FOUND', `Không tìm thấy luồng sự kiện ${streamId}`);
    const included =
      asOf.version !== undefined ? slice.events.filter((e) => e.streamVersion <= asOf.version!) : prefixAsOf(slice.events, asOf.at!);
    let state = kind.initialState();
    for (const recorded of included) {
      const { type, data } = this.upcasters.upcast(recorded);
      state = kind.evolve(state, { type, data });
    }
    const last = included[included.length - 1] ?? null;
    const next = slice.events[included.length] ?? null;
    return {
      streamId,
      kind: kind.name,
      asOf: {
        at: asOf.at?.toISOString() ?? null,
        version: asOf.version ?? null,
        basis: asOf.version !== undefined ? 'streamVersion' : 'metadata.occurredAt',
      },
      version: last?.streamVersion ?? 0,
      currentVersion: slice.version,
      state,
      lastEvent: last ? refOf(last) : null,
      nextEvent: next ? refOf(next) : null,
    };
  }
}
