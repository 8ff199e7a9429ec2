import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { EVENT_STORE, EventStore, RecordedEvent, toRecordedEvent } from '@dondoc/event-store';
import { EVENT_COLUMNS } from '@dondoc/event-store/postgres/event-store.sql';
import { PG_POOL } from '@dondoc/platform/database/pg-pool';
import { CLOCK, Clock } from '@dondoc/platform/clock/clock';
import { conflict, notFound } from '@dondoc/platform/errors/domain-error';
import {
  EVENTS_FILE,
  EXPORT_FORMAT,
  ExportManifest,
  exportLine,
  manifestSigningBytes,
  MANIFEST_FILE,
  SignedManifest,
} from '../domain/export-format';
import { SealService } from './seal.service';
import { SigningKeyService } from './signing-key.service';
import { PlanStreams } from './plan-streams';

const BATCH = 1000;

/**
 * A plan's complete history (its plan stream and every task stream of the plan) as JSON Lines
 * in global order, with a manifest signed by the deployment's Ed25519 key. Only events below
 * the safe high-water mark are exported, and they are sealed first, so the manifest names the
 * seal that covers the last one: the manifest is also an outside copy of the seal chain.
 */
@Injectable()
export class PlanExportService {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly planStreams: PlanStreams,
    private readonly seals: SealService,
    private readonly keys: SigningKeyService,
  ) {}

  async exportPlan(planId: string, dir: string, onProgress?: (written: number) => void): Promise<SignedManifest> {
    const streams = await this.planStreams.of(planId);
    const eventsPath = join(dir, EVENTS_FILE);
    const manifestPath = join(dir, MANIFEST_FILE);
    for (const path of [eventsPath, manifestPath]) {
      if (await exists(path)) throw conflict('EXPORT_EXISTS', `Thư mục đã có ${path}; hãy chọn thư mục trống`, { path });
    }
    const head = await this.store.safeHeadPosition();
    await this.seals.sealPending();

    await mkdir(dir, { recursive: true });
    const out = createWriteStream(eventsPath, { flags: 'wx' });
    const sha = createHash('sha256');
    let bytes = 0;
    let count = 0;
    let first: RecordedEvent | null = null;
    let last: RecordedEvent | null = null;
    const heads = new Map<string, { version: number; lastHash: string }>();
    try {
      let after = 0;
      for (;;) {
        const result = await this.pool.query(
          `SELECT ${EVENT_COLUMNS} FROM events
            WHERE stream_id = ANY($1) AND global_position > $2 AND global_position <= $3
            ORDER BY global_position LIMIT $4`,
          [streams, after, head, BATCH],
        );
        const events = (result.rows as Parameters<typeof toRecordedEvent>[0][]).map(toRecordedEvent);
        for (const event of events) {
          const line = exportLine({ ...event, recordedAt: event.recordedAt.toISOString() });
          const chunk = Buffer.from(line, 'utf8');
          sha.update(chunk);
          bytes += chunk.length;
          if (!out.write(chunk)) await once(out, 'drain');
          first ??= event;
          last = event;
          count++;
          heads.set(event.streamId, { version: event.streamVersion, lastHash: event.hash });
        }
        onProgress?.(count);
        if (events.length < BATCH) break;
        after = events[events.length - 1].globalPosition;
      }
    } finally {
      out.end();
      await once(out, 'close');
    }
    if (!first || !last) throw notFound('PLAN_NOT_FOUND', `Không tìm thấy kế hoạch ${planId}`, { planId });

    const seal = await this.seals.covering(last.globalPosition);
    const { keyId } = await this.keys.publicKey();
    const manifest: ExportManifest = {
      format: EXPORT_FORMAT,
      planId,
      exportedAt: this.clock.now().toISOString(),
      file: { name: EVENTS_FILE, sha256: sha.digest('hex'), bytes },
      eventCount: count,
      firstPosition: first.globalPosition,
      lastPosition: last.globalPosition,
      streams: [...heads.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([streamId, h]) => ({ streamId, ...h })),
      seal,
      signer: { algorithm: 'Ed25519', keyId },
    };
    const { signature } = await this.keys.sign(manifestSigningBytes(manifest));
    const signed: SignedManifest = { ...manifest, signature };
    await writeFile(manifestPath, `${JSON.stringify(signed, null, 2)}\n`, { flag: 'wx' });
    return signed;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
