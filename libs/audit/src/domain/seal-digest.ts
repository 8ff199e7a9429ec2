import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** What a seal covers of each event: where it is in the global order, which stream, which link. */
export interface SealedEventRef {
  globalPosition: number;
  streamId: string;
  streamVersion: number;
  /** Hex SHA-256 link of the event's stream hash chain. */
  hash: string;
}

export interface SealFields {
  sealNo: number;
  fromPosition: number;
  toPosition: number;
  eventCount: number;
  /** Hex. */
  eventsDigest: string;
  /** Hex; null for seal 1. */
  prevSealHash: string | null;
  /** ISO 8601. */
  sealedAt: string;
}

export interface Seal extends SealFields {
  /** Hex SHA-256 of the canonical JSON of the other fields. */
  sealHash: string;
}

export interface SealLeaf {
  globalPosition: number;
  streamVersion: number;
  hash: string;
}

const u64 = (value: number) => {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64BE(BigInt(value));
  return buffer;
};
const u32 = (value: number) => {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value);
  return buffer;
};

/**
 * Incremental SHA-256 over the events of a range in position order. Each event is encoded
 * without ambiguity: position (8 bytes), stream id length (4) and UTF-8 bytes, stream version
 * (4), hash link (32).
 */
export class EventsDigest {
  private readonly sha = createHash('sha256');
  count = 0;

  add(event: SealedEventRef): this {
    const stream = Buffer.from(event.streamId, 'utf8');
    this.sha.update(u64(event.globalPosition));
    this.sha.update(u32(stream.length));
    this.sha.update(stream);
    this.sha.update(u32(event.streamVersion));
    this.sha.update(Buffer.from(event.hash, 'hex'));
    this.count++;
    return this;
  }

  hex(): string {
    return this.sha.digest('hex');
  }
}

export function eventsDigest(events: readonly SealedEventRef[]): string {
  const digest = new EventsDigest();
  for (const event of events) digest.add(event);
  return digest.hex();
}

/** SHA-256 of the RFC 8785 canonical JSON of the seal's fields (the previous seal's hash included). */
export function sealHash(fields: SealFields): string {
  const canonical = canonicalize({
    sealNo: fields.sealNo,
    fromPosition: fields.fromPosition,
    toPosition: fields.toPosition,
    eventCount: fields.eventCount,
    eventsDigest: fields.eventsDigest,
    prevSealHash: fields.prevSealHash,
    sealedAt: fields.sealedAt,
  });
  if (canonical === undefined) throw new Error('seal cannot be canonicalised');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/**
 * The next seal after `previous` over `events` (position order, all above previous.toPosition).
 * Ranges are contiguous: the first seal starts at position 1, each next one right after the last.
 */
export function buildSeal(previous: Seal | null, events: readonly SealedEventRef[], sealedAt: string): Seal {
  if (events.length === 0) throw new Error('a seal covers at least one event');
  const fields: SealFields = {
    sealNo: (previous?.sealNo ?? 0) + 1,
    fromPosition: (previous?.toPosition ?? 0) + 1,
    toPosition: events[events.length - 1].globalPosition,
    eventCount: events.length,
    eventsDigest: eventsDigest(events),
    prevSealHash: previous?.sealHash ?? null,
    sealedAt,
  };
  return { ...fields, sealHash: sealHash(fields) };
}

const LEAF_SIZE = 8 + 4 + 32;

export function encodeLeaves(events: readonly SealedEventRef[]): Buffer {
  const buffer = Buffer.alloc(events.length * LEAF_SIZE);
  events.forEach((event, i) => {
    const offset = i * LEAF_SIZE;
    buffer.writeBigUInt64BE(BigInt(event.globalPosition), offset);
    buffer.writeUInt32BE(event.streamVersion, offset + 8);
    Buffer.from(event.hash, 'hex').copy(buffer, offset + 12);
  });
  return buffer;
}

export function decodeLeaves(buffer: Buffer): SealLeaf[] {
  const leaves: SealLeaf[] = [];
  for (let offset = 0; offset + LEAF_SIZE <= buffer.length; offset += LEAF_SIZE) {
    leaves.push({
      globalPosition: Number(buffer.readBigUInt64BE(offset)),
      streamVersion: buffer.readUInt32BE(offset + 8),
      hash: buffer.subarray(offset + 12, offset + LEAF_SIZE).toString('hex'),
    });
  }
  return leaves;
}
