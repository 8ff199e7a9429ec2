import {
  AppendOptions,
  AppendResult,
  CommandRecord,
  EventStore,
  ExpectedVersion,
  NewEvent,
  ProjectionEvent,
  ReadStreamOptions,
  RecordedEvent,
  StreamSlice,
} from './event-store';

/**
 * Told after each append this process committed, e.g. to wake the projection workers. Not told
 * of replays (nothing was written) nor of appends inside a caller's transaction (it may still
 * roll back; the caller wakes after its commit, or the workers' poll finds the events).
 * It must not throw and must not wait: the command has succeeded whatever it does.
 */
export interface AppendListener {
  afterAppend(result: AppendResult): void;
}

/** Injection token of the process's AppendListener (optional: without one, nobody is told). */
export const APPEND_LISTENER = Symbol('APPEND_LISTENER');

/** An EventStore that tells a listener about its committed appends. */
export class ListenedEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly listener: AppendListener,
  ) {}

  async append(streamId: string, expected: ExpectedVersion, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const result = await this.inner.append(streamId, expected, events, options);
    if (!result.duplicate && !options.client) this.listener.afterAppend(result);
    return result;
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<StreamSlice> {
    return this.inner.readStream(streamId, options);
  }

  readAll(afterPosition: number, limit: number): Promise<RecordedEvent[]> {
    return this.inner.readAll(afterPosition, limit);
  }

  readAllForProjection(afterPosition: number, limit: number): Promise<ProjectionEvent[]> {
    return this.inner.readAllForProjection(afterPosition, limit);
  }

  findCommand(commandId: string): Promise<CommandRecord | null> {
    return this.inner.findCommand(commandId);
  }

  safeHeadPosition(): Promise<number> {
    return this.inner.safeHeadPosition();
  }
}
