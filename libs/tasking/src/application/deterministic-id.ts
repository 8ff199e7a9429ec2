import { createHash } from 'node:crypto';

/**
 * A UUID-shaped id derived from its parts by SHA-256 (RFC 9562 version 8, "custom"): the same
 * parts always give the same id, so that replayed imports and retried requests address the
 * same streams and command ids.
 */
export function deterministicUuid(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u001f'), 'utf8').digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
