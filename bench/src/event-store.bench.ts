import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { EventMetadata, PostgresEventStore } from '@dondoc/event-store';
import { Figure, rate } from './harness';

const EVENTS = 20_000;
const ROUNDS = 5;

function metadata(commandId: string): EventMetadata {
  return {
    actor: 'bench',
    role: 'committee',
    agency: null,
    commandId,
    correlationId: commandId,
    causationId: null,
    occurredAt: new Date().toISOString(),
  };
}

const payload = (i: number) => ({
  taskId: `task-${i}`,
  text: 'Báo cáo tình hình, kết quả thực hiện Kế hoạch 118/KH-UBND',
  progressPercent: i % 100,
});

/**
 * dondoc appends (hash chain and command-id idempotency on, one command per stream) beside the
 * machine's raw single-row INSERT rate into a plain table, in the same run.
 */
export async function benchEventStore(pool: Pool): Promise<Figure[]> {
  await pool.query('CREATE TABLE bench_raw (id bigserial PRIMARY KEY, stream_id text NOT NULL, data jsonb NOT NULL)');
  const store = new PostgresEventStore(pool);
  const figures: Figure[] = [];
  for (const concurrency of [1, 8]) {
    // Raw inserts and appends take turns, a fifth of each at a time: the disk's fsync latency
    // drifts over a run, and both rates should see the same disk.
    let rawSeconds = 0;
    let appendSeconds = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const offset = round * (EVENTS / ROUNDS);
      rawSeconds += (EVENTS / ROUNDS) / (await rate(EVENTS / ROUNDS, concurrency, (i) =>
        pool.query('INSERT INTO bench_raw (stream_id, data) VALUES ($1, $2)', [`raw-${concurrency}-${offset + i}`, JSON.stringify(payload(offset + i))]),
      ));
      appendSeconds += (EVENTS / ROUNDS) / (await rate(EVENTS / ROUNDS, concurrency, (i) => {
        const commandId = randomUUID();
        return store.append(`bench-${concurrency}-${offset + i}`, 'no_stream', [{ type: 'ReportSubmitted', data: payload(offset + i) }], {
          commandId,
          metadata: metadata(commandId),
        });
      }));
    }
    const raw = EVENTS / rawSeconds;
    const appends = EVENTS / appendSeconds;
    const ratio = appends / raw;
    figures.push(
      { metric: `raw INSERT, concurrency ${concurrency}`, value: Math.round(raw), unit: 'rows/s' },
      { metric: `dondoc append, concurrency ${concurrency}`, value: Math.round(appends), unit: 'events/s' },
      { metric: `append / raw, concurrency ${concurrency}`, value: ratio, unit: 'ratio', target: '>= 0.6', pass: ratio >= 0.6 },
    );
  }
  return figures;
}
