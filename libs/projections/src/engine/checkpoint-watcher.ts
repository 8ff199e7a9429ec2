import { Logger } from '@nestjs/common';
import { Client, Pool } from 'pg';
import { CHECKPOINT_CHANNEL } from './projection-engine';

export interface Consistency {
  /** The lowest checkpoint among the projections the answer reads. */
  position: number;
  minPosition: number | null;
  /** True when every projection read had reached `minPosition` before answering (or none was asked). */
  reached: boolean;
}

interface Waiter {
  names: readonly string[];
  minPosition: number;
  resolve: () => void;
}

const FALLBACK_POLL_MS = 100;

/**
 * Lets a query wait until the projections it reads have applied a given position. Checkpoint
 * moves are announced with NOTIFY at commit; one LISTEN connection per process wakes the
 * waiters, and a slow poll covers a lost connection.
 */
export class CheckpointWatcher {
  private readonly logger = new Logger(CheckpointWatcher.name);
  private readonly known = new Map<string, number>();
  private readonly waiters = new Set<Waiter>();
  private listener: Client | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly pool: Pool,
    private readonly databaseUrl: string,
  ) {}

  /** Current checkpoints of `names` (0 for a projection that has none yet). */
  async positions(names: readonly string[]): Promise<Map<string, number>> {
    const result = await this.pool.query<{ name: string; position: number }>(
      'SELECT name, position FROM projection_checkpoints WHERE name = ANY($1::text[])',
      [names],
    );
    const positions = new Map(names.map((name) => [name, 0]));
    for (const row of result.rows) {
      positions.set(row.name, Number(row.position));
      this.see(row.name, Number(row.position));
    }
    return positions;
  }

  /**
   * Waits (at most `timeoutMs`) until every projection in `names` has a checkpoint at or past
   * `minPosition`; then says where they are and whether it was reached.
   */
  async waitFor(names: readonly string[], minPosition: number | null | undefined, timeoutMs: number): Promise<Consistency> {
    const lowest = async () => Math.min(...(await this.positions(names)).values());
    if (minPosition === null || minPosition === undefined) {
      return { position: await lowest(), minPosition: null, reached: true };
    }
    if (this.reached(names, minPosition)) return { position: await lowest(), minPosition, reached: true };
    await this.listen();
    let position = await lowest();
    const deadline = Date.now() + timeoutMs;
    while (position < minPosition && Date.now() < deadline) {
      await this.notifiedOrTimeout(names, minPosition, Math.min(FALLBACK_POLL_MS, deadline - Date.now()));
      position = await lowest();
    }
    return { position, minPosition, reached: position >= minPosition };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiters) waiter.resolve();
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
  }

  private reached(names: readonly string[], minPosition: number): boolean {
    return names.every((name) => (this.known.get(name) ?? 0) >= minPosition);
  }

  private see(name: string, position: number): void {
    if (position <= (this.known.get(name) ?? 0)) return;
    this.known.set(name, position);
    for (const waiter of this.waiters) if (this.reached(waiter.names, waiter.minPosition)) waiter.resolve();
  }

  private notifiedOrTimeout(names: readonly string[], minPosition: number, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        names,
        minPosition,
        resolve: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(waiter.resolve, Math.max(1, ms));
      this.waiters.add(waiter);
    });
  }

  /** Opens the LISTEN connection on first use; a failure leaves the poll to do the work. */
  private listen(): Promise<void> {
    if (this.listener || this.closed) return Promise.resolve();
    this.connecting ??= (async () => {
      const client = new Client({ connectionString: this.databaseUrl, application_name: 'dondoc-checkpoints' });
      try {
        await client.connect();
        client.on('notification', (message) => {
          const [name, position] = (message.payload ?? '').split(':');
          if (name && position) this.see(name, Number(position));
        });
        client.on('error', (error) => {
          this.logger.warn(`checkpoint listener lost: ${error.message}`);
          if (this.listener === client) this.listener = null;
          client.end().catch(() => undefined);
        });
        await client.query(`LISTEN ${CHECKPOINT_CHANNEL}`);
        if (this.closed) await client.end();
        else this.listener = client;
      } catch (error) {
        this.logger.warn(`cannot listen for checkpoints: ${(error as Error).message}`);
        await client.end().catch(() => undefined);
      } finally {
        this.connecting = null;
      }
    })();
    return this.connecting;
  }
}
