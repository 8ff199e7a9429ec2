import { createHash, createPublicKey, KeyObject, verify } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chainLink, contentHash } from '@dondoc/event-store/hashing';
import {
  EVENTS_FILE,
  EXPORT_FORMAT,
  ExportedEvent,
  keyIdOf,
  manifestSigningBytes,
  MANIFEST_FILE,
  SignedManifest,
} from '../domain/export-format';
import { sealHash } from '../domain/seal-digest';

export interface ExportVerification {
  ok: boolean;
  /** Each problem found, in Vietnamese; empty when the export is intact. */
  problems: string[];
  planId: string | null;
  eventCount: number;
  sealNo: number | null;
  sealHash: string | null;
}

/**
 * Checks an export with the files and a public key alone (no database, no network): the
 * manifest's Ed25519 signature, the file's SHA-256 and size, and then every line — positions
 * rising, each stream complete from version 1 with its hash chain recomputed, counts and
 * heads as the manifest says, the last event inside the seal the manifest names.
 */
export async function verifyExport(dir: string, publicKeyPem: string): Promise<ExportVerification> {
  const problems: string[] = [];
  const report = (ok: boolean, manifest: SignedManifest | null, eventCount = 0): ExportVerification => ({
    ok,
    problems,
    planId: manifest?.planId ?? null,
    eventCount,
    sealNo: manifest?.seal?.sealNo ?? null,
    sealHash: manifest?.seal?.sealHash ?? null,
  });

  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(publicKeyPem);
    if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error(`not Ed25519 but ${publicKey.asymmetricKeyType}`);
  } catch (error) {
    problems.push(`Khóa công khai không hợp lệ: ${error instanceof Error ? error.message : String(error)}`);
    return report(false, null);
  }

  let manifest: SignedManifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as SignedManifest;
  } catch (error) {
    problems.push(`Không đọc được ${MANIFEST_FILE}: ${error instanceof Error ? error.message : String(error)}`);
    return report(false, null);
  }
  if (manifest.format !== EXPORT_FORMAT) {
    problems.push(`Định dạng "${String(manifest.format)}" không được hỗ trợ (cần ${EXPORT_FORMAT})`);
    return report(false, manifest);
  }

  // 1. The signature, with the key given, over the manifest as it is now.
  let signatureOk = false;
  try {
    signatureOk = verify(null, manifestSigningBytes(manifest), publicKey, Buffer.from(manifest.signature ?? '', 'base64'));
  } catch {
    signatureOk = false;
  }
  if (!signatureOk) {
    problems.push('Chữ ký của bản kê không hợp lệ: bản kê đã bị sửa, hoặc không do khóa này ký');
  }
  if (manifest.signer?.keyId !== keyIdOf(publicKey)) {
    problems.push(`Bản kê ghi khóa ký ${manifest.signer?.keyId}, khóa công khai đã cho là ${keyIdOf(publicKey)}`);
  }

  // 2. The file, byte for byte.
  const eventsPath = join(dir, EVENTS_FILE);
  let digest: { sha256: string; bytes: number };
  try {
    digest = await sha256OfFile(eventsPath);
  } catch (error) {
    problems.push(`Không đọc được ${EVENTS_FILE}: ${error instanceof Error ? error.message : String(error)}`);
    return report(false, manifest);
  }
  if (digest.sha256 !== manifest.file.sha256 || digest.bytes !== manifest.file.bytes) {
    problems.push(
      `Tệp ${EVENTS_FILE} đã bị thay đổi: SHA-256 ${digest.sha256} (${digest.bytes} byte), bản kê ghi ${manifest.file.sha256} (${manifest.file.bytes} byte)`,
    );
  }

  // 3. The content, line by line.
  const heads = new Map<string, { version: number; hash: string }>();
  let count = 0;
  let first: number | null = null;
  let lastPosition = 0;
  const lines = createInterface({ input: createReadStream(eventsPath, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    count++;
    let event: ExportedEvent;
    try {
      event = JSON.parse(line) as ExportedEvent;
    } catch {
      problems.push(`Dòng ${count} không phải JSON hợp lệ`);
      continue;
    }
    const where = `dòng ${count} (vị trí ${event.globalPosition}, luồng ${event.streamId}, phiên bản ${event.streamVersion})`;
    if (event.globalPosition <= lastPosition) problems.push(`Thứ tự bị đảo ở ${where}`);
    first ??= event.globalPosition;
    lastPosition = Math.max(lastPosition, event.globalPosition);
    const head = heads.get(event.streamId);
    const expectedVersion = (head?.version ?? 0) + 1;
    if (event.streamVersion !== expectedVersion) problems.push(`Thiếu hoặc thừa sự kiện ở ${where}: lẽ ra là phiên bản ${expectedVersion}`);
    if ((event.prevHash ?? null) !== (head?.hash ?? null)) problems.push(`Chuỗi băm bị đứt ở ${where}`);
    const content = contentHash({
      streamId: event.streamId,
      eventId: event.eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: event.metadata,
    });
    const link = chainLink(event.prevHash ? Buffer.from(event.prevHash, 'hex') : null, content).toString('hex');
    if (link !== event.hash) problems.push(`Sự kiện đã bị sửa ở ${where}: nội dung không khớp mã băm`);
    heads.set(event.streamId, { version: event.streamVersion, hash: event.hash });
  }

  if (count !== manifest.eventCount) problems.push(`Tệp có ${count} sự kiện, bản kê ghi ${manifest.eventCount}`);
  if (first !== manifest.firstPosition || lastPosition !== manifest.lastPosition) {
    problems.push(
      `Vị trí đầu/cuối ${first}/${lastPosition} khác bản kê (${manifest.firstPosition}/${manifest.lastPosition})`,
    );
  }
  const listed = new Map((manifest.streams ?? []).map((s) => [s.streamId, s]));
  for (const [streamId, head] of heads) {
    const entry = listed.get(streamId);
    if (!entry) problems.push(`Luồng ${streamId} không có trong bản kê`);
    else if (entry.version !== head.version || entry.lastHash !== head.hash) {
      problems.push(`Luồng ${streamId} kết thúc ở phiên bản ${head.version}, bản kê ghi ${entry.version}`);
    }
  }
  for (const streamId of listed.keys()) if (!heads.has(streamId)) problems.push(`Luồng ${streamId} của bản kê không có trong tệp`);

  // 4. The seal named by the manifest: internally consistent and covering the last event.
  const seal = manifest.seal;
  if (seal) {
    if (sealHash(seal) !== seal.sealHash) problems.push(`Dấu niêm phong số ${seal.sealNo} trong bản kê không khớp mã băm của nó`);
    if (manifest.lastPosition < seal.fromPosition || manifest.lastPosition > seal.toPosition) {
      problems.push(`Dấu niêm phong số ${seal.sealNo} (${seal.fromPosition}–${seal.toPosition}) không chứa sự kiện cuối ${manifest.lastPosition}`);
    }
  }
  return report(problems.length === 0, manifest, count);
}

async function sha256OfFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const sha = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    sha.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: sha.digest('hex'), bytes };
}
