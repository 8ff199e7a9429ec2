import type { AgencyState } from './agency.decider';
import { Instant, LocalDate } from './tasking.types';

/**
 * One agency's succession (AgencySucceeded on `agency-<code>`): from `effectiveAt`, the start of
 * `effectiveOn` in Asia/Ho_Chi_Minh, the work given to `code` is `successorCode`'s. The 2025
 * reform (no district level from 1 July 2025) is one such link per district committee.
 */
export interface SuccessionLink {
  code: string;
  successorCode: string;
  effectiveOn: LocalDate;
  effectiveAt: Instant;
}

/** Longest chain followed (X → Y → Z …); deeper chains, or a cycle, stop where they repeat or here. */
export const MAX_SUCCESSION_CHAIN = 64;

/**
 * Who answers for an agency's work at one instant: the successions effective by then, followed
 * to the end of their chain. Nothing recorded is rewritten to get there — a task keeps its
 * original lead agency, and readers ask this view which agency stands for it at the instant they
 * show (the clock of a live query, or a past instant replayed by the audit).
 *
 * The decider refuses cycles; the view still stops at a repeat, so that a read never loops on
 * data it did not decide.
 */
export class AgencySuccessions {
  private readonly next = new Map<string, SuccessionLink>();
  private readonly previous = new Map<string, string[]>();

  /** `links` may hold successions not effective yet at `at`: they are left out. */
  constructor(
    links: Iterable<SuccessionLink>,
    readonly at: Instant,
  ) {
    const atMs = Date.parse(at);
    for (const link of links) {
      if (!(Date.parse(link.effectiveAt) <= atMs) || this.next.has(link.code)) continue;
      this.next.set(link.code, link);
      const before = this.previous.get(link.successorCode);
      if (before) before.push(link.code);
      else this.previous.set(link.successorCode, [link.code]);
    }
  }

  /** No succession at all: every agency answers for its own work. */
  static readonly none = new AgencySuccessions([], '1970-01-01T00:00:00.000Z');

  get size(): number {
    return this.next.size;
  }

  /** The succession that ended `code` by `at`, or null while it still stands for itself. */
  ceased(code: string): SuccessionLink | null {
    return this.next.get(code) ?? null;
  }

  /** `[code, its successor, …, the agency that answers now]`; just `[code]` without a succession. */
  chain(code: string): string[] {
    const chain = [code];
    const seen = new Set(chain);
    for (let link = this.next.get(code); link && chain.length < MAX_SUCCESSION_CHAIN; link = this.next.get(link.successorCode)) {
      if (seen.has(link.successorCode)) break;
      seen.add(link.successorCode);
      chain.push(link.successorCode);
    }
    return chain;
  }

  /** The agency that stands for `code` at `at` (the end of its chain). */
  answering(code: string): string {
    const chain = this.chain(code);
    return chain[chain.length - 1];
  }

  /**
   * `code` and every agency whose work has passed to it by `at`, directly or along a chain:
   * what a filter on `code` covers. `code` first, the predecessors in code order.
   */
  answersFor(code: string): string[] {
    const found = new Set([code]);
    const queue = [code];
    while (queue.length && found.size < 100_000) {
      for (const predecessor of this.previous.get(queue.shift()!) ?? []) {
        if (found.has(predecessor)) continue;
        found.add(predecessor);
        queue.push(predecessor);
      }
    }
    return [code, ...[...found].filter((c) => c !== code).sort()];
  }
}

/** The successions recorded in folded agency states, whatever their dates. */
export function successionLinks(states: ReadonlyMap<string, AgencyState>): SuccessionLink[] {
  const links: SuccessionLink[] = [];
  for (const state of states.values()) {
    if (state.status === 'registered' && state.succession) {
      const { successorCode, effectiveOn, effectiveAt } = state.succession;
      links.push({ code: state.code, successorCode, effectiveOn, effectiveAt });
    }
  }
  return links;
}
