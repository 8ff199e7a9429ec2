/**
 * What `verify` finds. Kinds, as auditors name them:
 * - changed: an event's stored content no longer matches its hash link, or a seal was altered;
 * - missing: a stream version gap, a sealed event gone, a seal gone;
 * - inserted: an event inside a sealed range that its seal does not cover, or a chain break;
 * - reordered: versions or positions swapped (the event is there, in another place).
 */
export type TamperKind = 'changed' | 'missing' | 'inserted' | 'reordered';

/** Which check found it; also the order in which problems at the same position are listed. */
export type VerifyCheck = 'seal-event' | 'stream-chain' | 'seal-range' | 'seal-chain' | 'anchor';

export interface VerifyProblem {
  kind: TamperKind;
  /** The global position concerned; for something gone, where it was (or where the chain resumes). */
  position: number;
  check: VerifyCheck;
  streamId: string | null;
  streamVersion: number | null;
  sealNo: number | null;
  /** For the person who reads the report (Vietnamese). */
  message: string;
}

export interface VerifyProgress {
  phase: 'streams' | 'seals';
  done: number;
  total: number;
}

export interface SealSummary {
  sealNo: number;
  fromPosition: number;
  toPosition: number;
  eventCount: number;
  eventsDigest: string;
  prevSealHash: string | null;
  sealHash: string;
  sealedAt: string;
}

/** A seal kept outside the database that a verification compared with the stored one. */
export interface VerifyAnchor {
  sealNo: number;
  /** Lower-case hex. */
  sealHash: string;
}

export interface VerifyReport {
  ok: boolean;
  /** The outside seal this run compared with, or null: `ok` then vouches for nothing a superuser rewrote consistently. */
  anchor: VerifyAnchor | null;
  startedAt: string;
  finishedAt: string;
  eventsChecked: number;
  streamsChecked: number;
  sealsChecked: number;
  /** Events above the last seal (not yet sealed: only their stream chains vouch for them). */
  unsealedEvents: number;
  /** The newest seal: copy it outside the database (docs/threat-model.md). */
  lastSeal: SealSummary | null;
  firstProblem: VerifyProblem | null;
  problems: VerifyProblem[];
  /** More problems were found than are listed. */
  problemsTruncated: boolean;
}

const CHECK_ORDER: Record<VerifyCheck, number> = {
  'seal-event': 0,
  'stream-chain': 1,
  'seal-range': 2,
  'seal-chain': 3,
  anchor: 4,
};

export function compareProblems(a: VerifyProblem, b: VerifyProblem): number {
  return a.position - b.position || CHECK_ORDER[a.check] - CHECK_ORDER[b.check];
}

/**
 * Keeps the `limit` problems with the lowest positions without holding every problem of a
 * badly damaged store in memory.
 */
export class ProblemList {
  private items: VerifyProblem[] = [];
  private dropped = false;

  constructor(private readonly limit: number) {}

  add(...problems: VerifyProblem[]): void {
    this.items.push(...problems);
    if (this.items.length > this.limit * 2) this.trim();
  }

  /** Drops seal-range problems explained by a more precise one inside the same range. */
  dropExplained(range: { from: number; to: number; sealNo: number }): void {
    const explained = this.items.some(
      (p) => p.check !== 'seal-range' && p.check !== 'seal-chain' && p.position >= range.from && p.position <= range.to,
    );
    if (explained) this.items = this.items.filter((p) => !(p.check === 'seal-range' && p.sealNo === range.sealNo));
  }

  get truncated(): boolean {
    return this.dropped || this.items.length > this.limit;
  }

  list(): VerifyProblem[] {
    this.trim();
    return [...this.items];
  }

  private trim(): void {
    const unique = new Map<string, VerifyProblem>();
    for (const p of this.items.sort(compareProblems)) {
      const key = `${p.position}:${p.kind}:${p.check}:${p.sealNo ?? ''}`;
      if (!unique.has(key)) unique.set(key, p);
    }
    const sorted = [...unique.values()];
    if (sorted.length > this.limit) this.dropped = true;
    this.items = sorted.slice(0, this.limit);
  }
}
