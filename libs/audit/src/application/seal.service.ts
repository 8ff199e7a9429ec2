import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@dondoc/event-store';
import { AppConfig } from '@dondoc/platform/config/app-config';
import { CLOCK, Clock } from '@dondoc/platform/clock/clock';
import { buildSeal, Seal } from '../domain/seal-digest';
import { SealRepository } from '../infrastructure/seal.repository';

/**
 * Seals committed ranges of the global order into a hash chain (DESIGN.md, tamper evidence).
 * Reads through the store's `readAll`, so it never seals past an event that may still commit
 * with a lower position; ranges are contiguous, so any row that appears later inside a sealed
 * range was not there when it was sealed. Safe to run in several processes at once: seal
 * numbers, ranges and hashes are unique, and the loser of a race reloads and goes on.
 */
@Injectable()
export class SealService {
  private readonly logger = new Logger(SealService.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly seals: SealRepository,
    private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Seals everything readable now, in ranges of at most SEAL_MAX_EVENTS; returns the new seals. */
  async sealPending(options: { maxSeals?: number } = {}): Promise<Seal[]> {
    const written: Seal[] = [];
    const maxSeals = options.maxSeals ?? Number.MAX_SAFE_INTEGER;
    let races = 0;
    while (written.length < maxSeals) {
      const previous = await this.seals.last();
      const events = await this.store.readAll(previous?.toPosition ?? 0, this.config.SEAL_MAX_EVENTS);
      if (events.length === 0) break;
      const refs = events.map((e) => ({
        globalPosition: e.globalPosition,
        streamId: e.streamId,
        streamVersion: e.streamVersion,
        hash: e.hash,
      }));
      const seal = buildSeal(previous, refs, this.clock.now().toISOString());
      if (await this.seals.insert(seal, refs)) {
        written.push(seal);
      } else if (++races > 100) {
        throw new Error('sealing keeps losing races; is the seal table consistent?');
      }
    }
    if (written.length) {
      const last = written[written.length - 1];
      this.logger.log(`sealed ${written.reduce((n, s) => n + s.eventCount, 0)} events in ${written.length} seal(s), through position ${last.toPosition} (seal ${last.sealNo})`);
    }
    return written;
  }

  last(): Promise<Seal | null> {
    return this.seals.last();
  }

  covering(position: number): Promise<Seal | null> {
    return this.seals.covering(position);
  }

  page(afterSealNo: number, limit: number): Promise<Seal[]> {
    return this.seals.page(afterSealNo, limit);
  }
}
