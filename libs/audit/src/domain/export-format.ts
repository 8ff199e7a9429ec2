import { createHash, KeyObject } from 'node:crypto';
import canonicalize from 'canonicalize';
import { EventMetadata } from '@dondoc/event-store/event-store';
import { SealSummary } from './verify-report';

/** Persisted: exports written by this version say so, and verify-export reads only this format. */
export const EXPORT_FORMAT = 'dondoc-plan-export/1';
export const EVENTS_FILE = 'events.jsonl';
export const MANIFEST_FILE = 'manifest.json';

/** One line of `events.jsonl`: every stored field of the event, as canonical JSON. */
export interface ExportedEvent {
  globalPosition: number;
  streamId: string;
  streamVersion: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
  recordedAt: string;
  prevHash: string | null;
  hash: string;
}

export interface ExportManifest {
  format: typeof EXPORT_FORMAT;
  planId: string;
  exportedAt: string;
  file: { name: typeof EVENTS_FILE; sha256: string; bytes: number };
  eventCount: number;
  firstPosition: number;
  lastPosition: number;
  /** Every exported stream, complete from version 1, with its last hash link. */
  streams: Array<{ streamId: string; version: number; lastHash: string }>;
  /** The seal whose range holds the last exported event (null if it was not sealed yet). */
  seal: SealSummary | null;
  signer: { algorithm: 'Ed25519'; keyId: string };
}

export interface SignedManifest extends ExportManifest {
  /** Base64 Ed25519 signature over `manifestSigningBytes(manifest)`. */
  signature: string;
}

/** The bytes that are signed: the RFC 8785 canonical JSON of the manifest without its signature. */
export function manifestSigningBytes(manifest: ExportManifest | SignedManifest): Buffer {
  const { signature: _signature, ...unsigned } = manifest as SignedManifest;
  const canonical = canonicalize(unsigned);
  if (canonical === undefined) throw new Error('manifest cannot be canonicalised');
  return Buffer.from(canonical, 'utf8');
}

export function exportLine(event: ExportedEvent): string {
  const line = canonicalize({
    globalPosition: event.globalPosition,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
    prevHash: event.prevHash,
    hash: event.hash,
  });
  if (line === undefined) throw new Error(`event ${event.eventId} cannot be canonicalised`);
  return `${line}\n`;
}

/** Short fingerprint of a public key: the first 16 hex digits of SHA-256 over its SPKI DER. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}
