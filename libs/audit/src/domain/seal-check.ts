import { eventsDigest, Seal, SealedEventRef, SealLeaf, sealHash } from './seal-digest';
import { VerifyProblem } from './verify-report';

const sealProblem = (
  seal: Seal,
  kind: VerifyProblem['kind'],
  message: string,
  check: VerifyProblem['check'] = 'seal-chain',
): VerifyProblem => ({
  kind,
  position: seal.fromPosition,
  check,
  streamId: null,
  streamVersion: null,
  sealNo: seal.sealNo,
  message,
});

/** The seal itself: numbered after its predecessor, contiguous with it, linked to it, unaltered. */
export function checkSealLink(seal: Seal, previous: Seal | null): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  const expectedNo = (previous?.sealNo ?? 0) + 1;
  if (seal.sealNo !== expectedNo) {
    problems.push(sealProblem(seal, 'missing', `Thiếu dấu niêm phong số ${expectedNo}${seal.sealNo - 1 > expectedNo ? `–${seal.sealNo - 1}` : ''}`));
  }
  const expectedFrom = (previous?.toPosition ?? 0) + 1;
  if (seal.fromPosition !== expectedFrom) {
    problems.push(
      sealProblem(
        seal,
        seal.fromPosition > expectedFrom ? 'missing' : 'inserted',
        `Dấu niêm phong số ${seal.sealNo} bắt đầu ở vị trí ${seal.fromPosition}, lẽ ra ở ${expectedFrom}`,
      ),
    );
  }
  if (seal.prevSealHash !== (previous?.sealHash ?? null)) {
    problems.push(sealProblem(seal, 'inserted', `Chuỗi dấu niêm phong bị đứt ở số ${seal.sealNo}: không nối với dấu trước`));
  }
  if (sealHash(seal) !== seal.sealHash) {
    problems.push(sealProblem(seal, 'changed', `Dấu niêm phong số ${seal.sealNo} đã bị sửa: mã băm không khớp nội dung`));
  }
  return problems;
}

/**
 * The events now stored in a seal's range against what the seal covered. When the digest or
 * the count differs, the seal's leaves say which position went missing, was inserted, moved
 * or changed; when even the leaves agree, the range as a whole is reported.
 */
export function checkSealRange(seal: Seal, leaves: readonly SealLeaf[], rows: readonly SealedEventRef[]): VerifyProblem[] {
  if (rows.length === seal.eventCount && eventsDigest(rows) === seal.eventsDigest) return [];

  const at = (row: SealedEventRef, kind: VerifyProblem['kind'], message: string): VerifyProblem => ({
    kind,
    position: row.globalPosition,
    check: 'seal-event',
    streamId: row.streamId,
    streamVersion: row.streamVersion,
    sealNo: seal.sealNo,
    message,
  });
  const leafAt = new Map(leaves.map((l) => [l.globalPosition, l]));
  const leafWithHash = new Map(leaves.map((l) => [l.hash, l]));
  const rowAt = new Map(rows.map((r) => [r.globalPosition, r]));
  const rowHashes = new Set(rows.map((r) => r.hash));
  const problems: VerifyProblem[] = [];

  for (const row of rows) {
    const where = `vị trí ${row.globalPosition} (luồng ${row.streamId}, phiên bản ${row.streamVersion}, dấu niêm phong số ${seal.sealNo})`;
    const leaf = leafAt.get(row.globalPosition);
    const moved = leafWithHash.get(row.hash);
    if (!leaf || leaf.hash !== row.hash) {
      if (moved && moved.globalPosition !== row.globalPosition) {
        problems.push(at(row, 'reordered', `Thứ tự bị đảo: sự kiện được niêm phong ở vị trí ${moved.globalPosition} nay nằm ở ${where}`));
      } else if (!leaf) {
        problems.push(at(row, 'inserted', `Sự kiện bị chèn: ${where} không thuộc những sự kiện đã được niêm phong`));
      } else {
        problems.push(at(row, 'changed', `Sự kiện đã bị sửa: mã băm ở ${where} khác mã đã niêm phong`));
      }
    } else if (leaf.streamVersion !== row.streamVersion) {
      problems.push(at(row, 'reordered', `Thứ tự bị đảo: ${where} được niêm phong với phiên bản ${leaf.streamVersion}`));
    }
  }
  for (const leaf of leaves) {
    if (!rowAt.has(leaf.globalPosition) && !rowHashes.has(leaf.hash)) {
      problems.push({
        kind: 'missing',
        position: leaf.globalPosition,
        check: 'seal-event',
        streamId: null,
        streamVersion: leaf.streamVersion,
        sealNo: seal.sealNo,
        message: `Thiếu sự kiện: sự kiện đã niêm phong ở vị trí ${leaf.globalPosition} (phiên bản ${leaf.streamVersion}, dấu niêm phong số ${seal.sealNo}) không còn`,
      });
    }
  }
  if (problems.length === 0) {
    problems.push(
      sealProblem(
        seal,
        rows.length === seal.eventCount ? 'changed' : rows.length < seal.eventCount ? 'missing' : 'inserted',
        `Các sự kiện từ vị trí ${seal.fromPosition} đến ${seal.toPosition} không khớp dấu niêm phong số ${seal.sealNo} ` +
          `(niêm phong ${seal.eventCount} sự kiện, còn ${rows.length})`,
        'seal-range',
      ),
    );
  }
  return problems;
}
