import { RecordedEvent } from '@dondoc/event-store/event-store';

/**
 * The events of a stream as of an instant, by business time (`metadata.occurredAt`, the
 * injected clock's time when the command ran): the longest prefix of the stream whose events
 * all occurred at or before the instant. A prefix, not a filter, so the folded state is one the
 * stream really went through even if business time ever stepped back (a manual clock).
 */
export function prefixAsOf<E extends Pick<RecordedEvent, 'metadata'>>(events: readonly E[], at: Date): E[] {
  const limit = at.getTime();
  const cut = events.findIndex((e) => Date.parse(e.metadata.occurredAt) > limit);
  return cut === -1 ? [...events] : events.slice(0, cut);
}
