import { randomUUID } from 'node:crypto';
import { Actor } from '@dondoc/platform/auth/actor';
import { Decider, DomainEvent } from './decider';
import { EventMetadata, EventStore, RecordedEvent } from '../event-store';
import { IdempotencyKeyReusedError, WrongExpectedVersionError } from '../errors';
import { Upcasters } from './upcasters';

/** Everything a command carries besides its payload; built at the edge from token, headers and clock. */
export interface CommandContext {
  actor: Actor;
  /**
   * Idempotency key: the same id on the same stream appends nothing and returns the first
   * result; on another stream it is refused (422 `IDEMPOTENCY_KEY_REUSED`). Ids from HTTP are
   * scoped per user at the edge (`http:<userId>:<key>`), ids the system derives never start with `http:`.
   */
  commandId?: string;
  correlationId?: string;
  causationId?: string | null;
  /** From `If-Match`: the caller's view of the stream; a mismatch is a 409, never retried. */
  expectedVersion?: number;
  now: Date;
}

export interface CommandResult {
  streamId: string;
  streamVersion: number;
  /** Global position of the last event written (or of the first run, for a replayed command). */
  position: number;
  duplicate: boolean;
  eventCount: number;
}

const CONFLICT_RETRIES = 3;

export function metadataFor(context: CommandContext, commandId: string): EventMetadata {
  return {
    actor: context.actor.userId,
    role: context.actor.role,
    agency: context.actor.agency,
    commandId,
    correlationId: context.correlationId ?? commandId,
    causationId: context.causationId ?? null,
    occurredAt: context.now.toISOString(),
  };
}

/**
 * The thin shell around a decider (STYLE.md habit 4): read the stream, fold, decide, append
 * with the expected version; retry a bounded number of times when another writer got there
 * first, unless the caller pinned the version with If-Match.
 */
export class CommandRunner {
  constructor(
    private readonly store: EventStore,
    private readonly upcasters: Upcasters = new Upcasters(),
  ) {}

  async run<TCommand, TState, TEvent extends DomainEvent>(
    decider: Decider<TCommand, TState, TEvent>,
    streamId: string,
    command: TCommand,
    context: CommandContext,
  ): Promise<CommandResult> {
    const commandId = context.commandId ?? randomUUID();
    const earlier = await this.earlierRun(streamId, context);
    if (earlier) return earlier;
    for (let attempt = 0; ; attempt++) {
      try {
        const { state, version } = await this.load(decider, streamId);
        if (context.expectedVersion !== undefined && context.expectedVersion !== version) {
          throw new WrongExpectedVersionError(streamId, context.expectedVersion, version);
        }
        const events = decider.decide(command, state);
        if (events.length === 0) {
          return { streamId, streamVersion: version, position: 0, duplicate: false, eventCount: 0 };
        }
        const result = await this.store.append(streamId, version, events, {
          commandId,
          metadata: metadataFor(context, commandId),
        });
        return {
          streamId,
          streamVersion: result.streamVersion,
          position: result.lastPosition,
          duplicate: result.duplicate,
          eventCount: result.duplicate ? 0 : events.length,
        };
      } catch (error) {
        // The same command may have got there first (a retried request racing its original):
        // then this is a replay, whatever its decision on the newer state said.
        const replayed = await this.earlierRun(streamId, context);
        if (replayed) return replayed;
        const retry =
          error instanceof WrongExpectedVersionError && context.expectedVersion === undefined && attempt < CONFLICT_RETRIES;
        if (!retry) throw error;
      }
    }
  }

  /**
   * The first result of this command, when its id was already run on this stream; null for a
   * new command. An id used on another stream is a 422 (`IDEMPOTENCY_KEY_REUSED`), never that
   * other stream's result: a command must not be dropped, nor learn of another command, because
   * its key collides.
   */
  async earlierRun(streamId: string, context: Pick<CommandContext, 'commandId'>): Promise<CommandResult | null> {
    if (!context.commandId) return null;
    const earlier = await this.store.findCommand(context.commandId);
    if (!earlier) return null;
    if (earlier.streamId !== streamId) throw new IdempotencyKeyReusedError(streamId, earlier.streamId);
    return {
      streamId: earlier.streamId,
      streamVersion: earlier.streamVersion,
      position: earlier.lastPosition,
      duplicate: true,
      eventCount: 0,
    };
  }

  /** Current state of a stream and its version, folded from its (upcast) events. */
  async load<TState, TEvent extends DomainEvent>(
    decider: Pick<Decider<unknown, TState, TEvent>, 'initialState' | 'evolve'>,
    streamId: string,
    options: { toVersion?: number; until?: Date } = {},
  ): Promise<{ state: TState; version: number; events: RecordedEvent[] }> {
    const slice = await this.store.readStream(streamId, options);
    let state = decider.initialState();
    for (const recorded of slice.events) {
      state = decider.evolve(state, this.upcasters.upcast(recorded) as unknown as TEvent);
    }
    return { state, version: slice.version, events: slice.events };
  }
}
