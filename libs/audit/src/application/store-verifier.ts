import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { PG_POOL } from '@dondoc/platform/database/pg-pool';
import { CLOCK, Clock } from '@dondoc/platform/clock/clock';
import { EventMetadata } from '@dondoc/event-store/event-store';
import { checkSealLink, checkSealRange } from '../domain/seal-check';
import { Seal, SealedEventRef } from '../domain/seal-digest';
import { checkStreamChain, StoredEvent } from '../domain/stream-chain';
import { ProblemList, VerifyAnchor, VerifyProblem, VerifyProgress, VerifyReport } from '../domain/verify-report';
import { SealRepository } from '../infrastructure/seal.repository';

export interface VerifyOptions {
  /** Rows per database round trip. */
  batchSize?: number;
  /** Most problems listed in the report (the lowest positions are kept). */
  maxProblems?: number;
  onProgress?: (progress: VerifyProgress) => void;
  /**
   * A seal kept outside the database (from an export manifest or a seal export): verify
   * fails unless the stored seal of that number has exactly this hash.
   */
  anchor?: VerifyAnchor;
}

interface EventRow {
  global_position: number;
  stream_id: string;
  stream_version: number;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  prev_hash: string | null;
  hash: string;
}

const toStored = (row: EventRow): StoredEvent => ({
  globalPosition: row.global_position,
  streamId: row.stream_id,
  streamVersion: row.stream_version,
  eventId: row.event_id,
  type: row.event_type,
  schemaVersion: row.schema_version,
  data: row.data,
  metadata: row.metadata,
  prevHash: row.prev_hash,
  hash: row.hash,
});

/**
 * Verifies the whole store in two streaming passes, each in keyset-paged batches (memory
 * bounded by one batch, one stream and one seal):
 * 1. every stream's hash chain, walking (stream id, version) along the unique index;
 * 2. the chain of seals and, per seal, the events now in its range against what it sealed.
 * The report lists problems by position; the first one is the first bad position.
 * No long transaction is held: a snapshot kept open would hold back every reader's safe
 * high-water mark.
 */
@Injectable()
export class StoreVerifier {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly seals: SealRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async verify(options: VerifyOptions = {}): Promise<VerifyReport> {
    const startedAt = this.clock.now().toISOString();
    const batchSize = options.batchSize ?? 2000;
    const problems = new ProblemList(options.maxProblems ?? 1000);
    const progress = options.onProgress ?? (() => undefined);

    const total = (await this.pool.query<{ n: number }>('SELECT count(*)::bigint AS n FROM events')).rows[0].n;
    const { eventsChecked, streamsChecked } = await this.verifyStreams(batchSize, problems, (done) =>
      progress({ phase: 'streams', done, total: Math.max(total, done) }),
    );

    const totals = await this.seals.totals();
    const { sealsChecked, lastSeal } = await this.verifySeals(problems, (done) =>
      progress({ phase: 'seals', done, total: Math.max(totals.sealedEvents, done) }),
    );
    const sealedThrough = lastSeal?.toPosition ?? 0;
    const outside = await this.pool.query<{ before: number; after: number }>(
      `SELECT count(*) FILTER (WHERE global_position < 1)::int AS before,
              count(*) FILTER (WHERE global_position > $1)::int AS after FROM events`,
      [sealedThrough],
    );
    if (outside.rows[0].before > 0) {
      const rows = await this.pool.query<EventRow>(
        `SELECT global_position, stream_id, stream_version FROM events WHERE global_position < 1 ORDER BY global_position LIMIT 100`,
      );
      for (const row of rows.rows) {
        problems.add({
          kind: 'inserted',
          position: row.global_position,
          check: 'seal-event',
          streamId: row.stream_id,
          streamVersion: row.stream_version,
          sealNo: null,
          message: `Sự kiện bị chèn ở vị trí ${row.global_position}, trước mọi vị trí hợp lệ`,
        });
      }
    }
    if (options.anchor) problems.add(...(await this.checkAnchor(options.anchor)));

    const list = problems.list();
    return {
      ok: list.length === 0,
      anchor: options.anchor ? { sealNo: options.anchor.sealNo, sealHash: options.anchor.sealHash.toLowerCase() } : null,
      startedAt,
      finishedAt: this.clock.now().toISOString(),
      eventsChecked,
      streamsChecked,
      sealsChecked,
      unsealedEvents: outside.rows[0].after,
      lastSeal,
      firstProblem: list[0] ?? null,
      problems: list,
      problemsTruncated: problems.truncated,
    };
  }

  private async verifyStreams(
    batchSize: number,
    problems: ProblemList,
    progress: (done: number) => void,
  ): Promise<{ eventsChecked: number; streamsChecked: number }> {
    let cursor: [string, number] = ['', 0];
    let current: StoredEvent[] = [];
    let eventsChecked = 0;
    let streamsChecked = 0;
    const finishStream = () => {
      if (current.length === 0) return;
      problems.add(...checkStreamChain(current));
      streamsChecked++;
      current = [];
    };
    for (;;) {
      const { rows } = await this.pool.query<EventRow>(
        `SELECT global_position, stream_id, stream_version, event_id, event_type, schema_version, data, metadata,
                encode(prev_hash, 'hex') AS prev_hash, encode(hash, 'hex') AS hash
           FROM events
          WHERE (stream_id, stream_version) > ($1, $2)
          ORDER BY stream_id, stream_version
          LIMIT $3`,
        [cursor[0], cursor[1], batchSize],
      );
      for (const row of rows) {
        if (current.length && current[0].streamId !== row.stream_id) finishStream();
        current.push(toStored(row));
      }
      eventsChecked += rows.length;
      progress(eventsChecked);
      if (rows.length < batchSize) break;
      const last = rows[rows.length - 1];
      cursor = [last.stream_id, last.stream_version];
    }
    finishStream();
    return { eventsChecked, streamsChecked };
  }

  private async verifySeals(
    problems: ProblemList,
    progress: (done: number) => void,
  ): Promise<{ sealsChecked: number; lastSeal: Seal | null }> {
    let previous: Seal | null = null;
    let sealsChecked = 0;
    let done = 0;
    for (;;) {
      const page = await this.seals.pageWithLeaves(previous?.sealNo ?? 0, 20);
      for (const { seal, leaves } of page) {
        problems.add(...checkSealLink(seal, previous));
        const { rows } = await this.pool.query<{ global_position: number; stream_id: string; stream_version: number; hash: string }>(
          `SELECT global_position, stream_id, stream_version, encode(hash, 'hex') AS hash
             FROM events WHERE global_position BETWEEN $1 AND $2 ORDER BY global_position`,
          [seal.fromPosition, seal.toPosition],
        );
        const refs: SealedEventRef[] = rows.map((r) => ({
          globalPosition: r.global_position,
          streamId: r.stream_id,
          streamVersion: r.stream_version,
          hash: r.hash,
        }));
        const found = checkSealRange(seal, leaves, refs);
        problems.add(...found);
        if (found.some((p) => p.check === 'seal-range')) {
          problems.dropExplained({ from: seal.fromPosition, to: seal.toPosition, sealNo: seal.sealNo });
        }
        previous = seal;
        sealsChecked++;
        done += seal.eventCount;
        progress(done);
      }
      if (page.length < 20) break;
    }
    return { sealsChecked, lastSeal: previous };
  }

  private async checkAnchor(anchor: VerifyAnchor): Promise<VerifyProblem[]> {
    const stored = await this.seals.get(anchor.sealNo);
    if (stored && stored.sealHash === anchor.sealHash.toLowerCase()) return [];
    return [
      {
        kind: stored ? 'changed' : 'missing',
        position: stored?.fromPosition ?? 0,
        check: 'anchor',
        streamId: null,
        streamVersion: null,
        sealNo: anchor.sealNo,
        message: stored
          ? `Dấu niêm phong số ${anchor.sealNo} trong cơ sở dữ liệu khác bản lưu bên ngoài: lịch sử đến vị trí ${stored.toPosition} đã bị viết lại`
          : `Không còn dấu niêm phong số ${anchor.sealNo} mà bản lưu bên ngoài ghi nhận`,
      },
    ];
  }
}
