import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { PG_POOL } from '@dondoc/platform/database/pg-pool';
import { Seal, SealLeaf, decodeLeaves, encodeLeaves, SealedEventRef } from '../domain/seal-digest';

interface SealRow {
  seal_no: number;
  from_position: number;
  to_position: number;
  event_count: number;
  events_digest: string;
  prev_seal_hash: string | null;
  seal_hash: string;
  sealed_at: Date;
  leaves?: Buffer;
}

const SEAL_COLUMNS = `seal_no, from_position, to_position, event_count, encode(events_digest, 'hex') AS events_digest,
  encode(prev_seal_hash, 'hex') AS prev_seal_hash, encode(seal_hash, 'hex') AS seal_hash, sealed_at`;

const toSeal = (row: SealRow): Seal => ({
  sealNo: row.seal_no,
  fromPosition: row.from_position,
  toPosition: row.to_position,
  eventCount: row.event_count,
  eventsDigest: row.events_digest,
  prevSealHash: row.prev_seal_hash,
  sealHash: row.seal_hash,
  sealedAt: row.sealed_at.toISOString(),
});

/** The `event_seals` table (audit.migration.ts). */
@Injectable()
export class SealRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async last(): Promise<Seal | null> {
    const result = await this.pool.query<SealRow>(`SELECT ${SEAL_COLUMNS} FROM event_seals ORDER BY seal_no DESC LIMIT 1`);
    return result.rows[0] ? toSeal(result.rows[0]) : null;
  }

  async get(sealNo: number): Promise<Seal | null> {
    const result = await this.pool.query<SealRow>(`SELECT ${SEAL_COLUMNS} FROM event_seals WHERE seal_no = $1`, [sealNo]);
    return result.rows[0] ? toSeal(result.rows[0]) : null;
  }

  async covering(position: number): Promise<Seal | null> {
    const result = await this.pool.query<SealRow>(
      `SELECT ${SEAL_COLUMNS} FROM event_seals WHERE from_position <= $1 AND to_position >= $1 ORDER BY seal_no LIMIT 1`,
      [position],
    );
    return result.rows[0] ? toSeal(result.rows[0]) : null;
  }

  async page(afterSealNo: number, limit: number): Promise<Seal[]> {
    const result = await this.pool.query<SealRow>(
      `SELECT ${SEAL_COLUMNS} FROM event_seals WHERE seal_no > $1 ORDER BY seal_no LIMIT $2`,
      [afterSealNo, limit],
    );
    return result.rows.map(toSeal);
  }

  /** Seals with their leaves, for verify. */
  async pageWithLeaves(afterSealNo: number, limit: number): Promise<Array<{ seal: Seal; leaves: SealLeaf[] }>> {
    const result = await this.pool.query<SealRow>(
      `SELECT ${SEAL_COLUMNS}, leaves FROM event_seals WHERE seal_no > $1 ORDER BY seal_no LIMIT $2`,
      [afterSealNo, limit],
    );
    return result.rows.map((row) => ({ seal: toSeal(row), leaves: decodeLeaves(row.leaves ?? Buffer.alloc(0)) }));
  }

  async totals(): Promise<{ seals: number; sealedEvents: number; sealedThrough: number }> {
    const result = await this.pool.query<{ seals: number; sealed: number; through: number | null }>(
      `SELECT count(*)::int AS seals, coalesce(sum(event_count), 0)::bigint AS sealed, max(to_position) AS through FROM event_seals`,
    );
    const row = result.rows[0];
    return { seals: row.seals, sealedEvents: Number(row.sealed), sealedThrough: row.through ?? 0 };
  }

  /** Inserts a seal unless another process sealed that number or range first; true when this one won. */
  async insert(seal: Seal, events: readonly SealedEventRef[]): Promise<boolean> {
    const result = await this.pool.query(
      `INSERT INTO event_seals (seal_no, from_position, to_position, event_count, events_digest, prev_seal_hash, seal_hash, sealed_at, leaves)
       VALUES ($1, $2, $3, $4, decode($5, 'hex'), decode($6, 'hex'), decode($7, 'hex'), $8, $9)
       ON CONFLICT DO NOTHING`,
      [
        seal.sealNo,
        seal.fromPosition,
        seal.toPosition,
        seal.eventCount,
        seal.eventsDigest,
        seal.prevSealHash,
        seal.sealHash,
        seal.sealedAt,
        encodeLeaves(events),
      ],
    );
    return result.rowCount === 1;
  }
}
