import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { EventMetadata } from './event-store';

/** What an event's content hash covers: everything a writer chose, nothing the database assigned. */
export interface HashedContent {
  streamId: string;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
}

/**
 * SHA-256 of the RFC 8785 canonical JSON of the content. Canonical so that the hash can be
 * recomputed from the jsonb the database hands back, whatever its key order.
 */
export function contentHash(content: HashedContent): Buffer {
  const canonical = canonicalize({
    streamId: content.streamId,
    eventId: content.eventId,
    type: content.type,
    schemaVersion: content.schemaVersion,
    data: content.data,
    metadata: content.metadata,
  });
  if (canonical === undefined) throw new Error('event content cannot be canonicalised');
  return createHash('sha256').update(canonical, 'utf8').digest();
}

/** One link of a stream's hash chain: sha256(previous link || content hash). */
export function chainLink(previous: Buffer | null, content: Buffer): Buffer {
  return createHash('sha256')
    .update(previous ?? Buffer.alloc(0))
    .update(content)
    .digest();
}
