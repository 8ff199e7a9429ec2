import { Injectable } from '@nestjs/common';
import { AdvisoryLocks } from '@dondoc/platform/database/advisory-locks';
import { conflict } from '@dondoc/platform/errors/domain-error';

/** Persisted in the sense that every process must use the same key: never rename. */
const LOCK_KEY = 'dondoc:agency-succession';

/**
 * Serialises the recording of agency successions across every API and CLI process.
 *
 * A succession X → Y is appended to `agency-X` alone, with X's expected version; the rule that
 * successions form no cycle spans streams (X → Y and Y → X recorded at the same moment would
 * each see the other agency still standing and both be appended). Successions are rare
 * administrative acts, so they simply take turns: a PostgreSQL advisory lock (AdvisoryLocks,
 * on its own connections) is held while the successor's chain is read, the command decided and
 * its events appended.
 */
@Injectable()
export class AgencySuccessionLock {
  constructor(private readonly locks: AdvisoryLocks) {}

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.locks.withLock(LOCK_KEY, work, () =>
      conflict('SUCCESSION_BUSY', 'Đang ghi nhận một việc kế thừa cơ quan khác; vui lòng thử lại sau ít phút'),
    );
  }
}
