import { chainLink, contentHash } from '@dondoc/event-store/hashing';
import { EventMetadata } from '@dondoc/event-store/event-store';
import { VerifyProblem } from './verify-report';

/** An event row as stored, hash fields in hex. */
export interface StoredEvent {
  globalPosition: number;
  streamId: string;
  streamVersion: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
  prevHash: string | null;
  hash: string;
}

/** Recomputes the hash link of one stored event from its content and its stored predecessor link. */
export function recomputeLink(event: StoredEvent): string {
  const content = contentHash({
    streamId: event.streamId,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
  });
  return chainLink(event.prevHash ? Buffer.from(event.prevHash, 'hex') : null, content).toString('hex');
}

const problem = (event: StoredEvent, kind: VerifyProblem['kind'], message: string): VerifyProblem => ({
  kind,
  position: event.globalPosition,
  check: 'stream-chain',
  streamId: event.streamId,
  streamVersion: event.streamVersion,
  sealNo: null,
  message,
});

/**
 * Checks one stream's hash chain: every event's content against its link, versions 1..n
 * without gaps, each event linked to its predecessor, and positions rising with versions.
 * `events` are the stream's rows in version order.
 */
export function checkStreamChain(events: readonly StoredEvent[]): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  const byHash = new Map(events.map((e) => [e.hash, e]));
  events.forEach((event, i) => {
    const previous = i > 0 ? events[i - 1] : null;
    const where = `luồng ${event.streamId}, phiên bản ${event.streamVersion}, vị trí ${event.globalPosition}`;

    if (recomputeLink(event) !== event.hash) {
      problems.push(problem(event, 'changed', `Sự kiện đã bị sửa: nội dung không khớp mã băm (${where})`));
    }

    const expectedVersion = previous ? previous.streamVersion + 1 : 1;
    if (event.streamVersion !== expectedVersion) {
      const gap =
        event.streamVersion - 1 === expectedVersion
          ? `phiên bản ${expectedVersion}`
          : `các phiên bản ${expectedVersion}–${event.streamVersion - 1}`;
      problems.push(problem(event, 'missing', `Thiếu sự kiện: ${gap} của luồng ${event.streamId} không còn (chuỗi tiếp tục ở vị trí ${event.globalPosition})`));
    } else if (event.prevHash !== (previous?.hash ?? null)) {
      const pointsAt = event.prevHash ? byHash.get(event.prevHash) : undefined;
      problems.push(
        pointsAt
          ? problem(
              event,
              'reordered',
              `Thứ tự bị đảo: sự kiện ở ${where} nối tiếp sự kiện phiên bản ${pointsAt.streamVersion} (vị trí ${pointsAt.globalPosition}), không phải phiên bản liền trước`,
            )
          : problem(
              event,
              'inserted',
              `Chuỗi băm bị đứt ở ${where}: sự kiện không nối với sự kiện liền trước (bị chèn, hoặc sự kiện trước bị xóa rồi đánh số lại)`,
            ),
      );
    }

    if (previous && event.globalPosition < previous.globalPosition) {
      problems.push(
        problem(
          event,
          'reordered',
          `Thứ tự bị đảo: ${where} đứng trước phiên bản ${previous.streamVersion} (vị trí ${previous.globalPosition}) trong thứ tự toàn cục`,
        ),
      );
    }
  });
  return problems;
}
