import { DomainEvent } from '@dondoc/event-store/decider/decider';

/**
 * How to fold one kind of stream, recognised by its id prefix (`task-`, `plan-`, `agency-`,
 * `user-`, …). Time travel folds with these; a context adds its own by registering one
 * (e.g. evaluation's `commune-…` streams).
 */
export interface StreamKind<TState = unknown, TEvent extends DomainEvent = DomainEvent> {
  /** Stream id prefix, e.g. `task-`. The longest registered prefix wins. */
  prefix: string;
  /** Name shown in answers, e.g. `task`. */
  name: string;
  initialState(): TState;
  evolve(state: TState, event: TEvent): TState;
}

/** A kind from a decider's `initialState` and `evolve`. */
export function streamKind<TState, TEvent extends DomainEvent>(
  prefix: string,
  name: string,
  decider: { initialState(): TState; evolve(state: TState, event: TEvent): TState },
): StreamKind {
  return {
    prefix,
    name,
    initialState: decider.initialState,
    evolve: decider.evolve as unknown as StreamKind['evolve'],
  };
}

export class StreamKindRegistry {
  private readonly kinds = new Map<string, StreamKind>();

  constructor(kinds: readonly StreamKind[] = []) {
    for (const kind of kinds) this.register(kind);
  }

  /** Adds a kind; registering a prefix twice is a wiring mistake and throws. */
  register(kind: StreamKind): this {
    if (this.kinds.has(kind.prefix)) throw new Error(`stream kind for prefix "${kind.prefix}" is already registered`);
    this.kinds.set(kind.prefix, kind);
    return this;
  }

  resolve(streamId: string): StreamKind | null {
    let best: StreamKind | null = null;
    for (const kind of this.kinds.values()) {
      if (streamId.startsWith(kind.prefix) && (!best || kind.prefix.length > best.prefix.length)) best = kind;
    }
    return best;
  }

  list(): StreamKind[] {
    return [...this.kinds.values()];
  }
}
