import { chainLink, contentHash } from '@dondoc/event-store/hashing';
import { EventMetadata } from '@dondoc/event-store/event-store';
import { StoredEvent } from './stream-chain';

/** Test helper: a stream of `count` correctly chained events at the given positions. */
export function chainedStream(streamId: string, positions: number[], occurredAt = (i: number) => `2020-01-0${i + 1}T01:00:00.000Z`): StoredEvent[] {
  let previous: Buffer | null = null;
  return positions.map((globalPosition, i) => {
    const metadata: EventMetadata = {
      actor: 'u1',
      role: 'committee',
      agency: null,
      commandId: `c-${streamId}-${i}`,
      correlationId: `c-${streamId}-${i}`,
      causationId: null,
      occurredAt: occurredAt(i),
    };
    const event = {
      globalPosition,
      streamId,
      streamVersion: i + 1,
      eventId: `00000000-0000-4000-8000-${String(globalPosition).padStart(12, '0')}`,
      type: 'Noted',
      schemaVersion: 1,
      data: { n: i, text: 'Bảo đảm an ninh, trật tự' },
      metadata,
    };
    const link: Buffer = chainLink(previous, contentHash(event));
    const stored: StoredEvent = { ...event, prevHash: previous?.toString('hex') ?? null, hash: link.toString('hex') };
    previous = link;
    return stored;
  });
}
