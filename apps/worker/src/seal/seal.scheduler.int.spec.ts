import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@dondoc/event-store';
import { SealRepository, SealService, StoreVerifier } from '@dondoc/audit';
import { loadAppConfig, ManualClock } from '@dondoc/platform';
import { createTestDatabase, TestDatabase, waitUntilReadable } from '@dondoc/testing';
import { SealScheduler } from './seal.scheduler';

describe('the seal worker', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let repository: SealRepository;
  let scheduler: SealScheduler;
  const clock = new ManualClock('2020-01-02T01:00:00Z');

  const append = async (streamId: string, expected: number, count: number) => {
    for (let i = 0; i < count; i++) {
      const commandId = randomUUID();
      await store.append(streamId, expected + i, [{ type: 'Noted', data: { i } }], {
        metadata: { actor: 'u-1', role: 'committee', agency: null, commandId, correlationId: commandId, causationId: null, occurredAt: clock.now().toISOString() },
      });
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase('seal_worker');
    store = new PostgresEventStore(db.pool);
    repository = new SealRepository(db.pool);
    // A long interval: the test drives the ticks itself.
    const config = loadAppConfig({ JWT_SECRET: 'x'.repeat(32), SEAL_MAX_EVENTS: '5', SEAL_INTERVAL_MS: '3600000' });
    scheduler = new SealScheduler(new SealService(store, repository, config, clock), config);
  });

  afterAll(async () => {
    await scheduler.onApplicationShutdown();
    await db.drop();
  });

  it('seals what was committed on each tick, never runs two ticks at once, and leaves a store that verifies', async () => {
    await append('task-a', 0, 7);
    await append('task-b', 0, 5);
    await waitUntilReadable(db.pool);
    // Two ticks at once share one run.
    const [first, second] = [scheduler.tick(), scheduler.tick()];
    expect(second).toBe(first);
    await first;
    const sealed = await repository.totals();
    expect(sealed).toMatchObject({ seals: 3, sealedEvents: 12 });

    await append('task-a', 7, 2);
    await waitUntilReadable(db.pool);
    await scheduler.tick();
    expect(await repository.totals()).toMatchObject({ seals: 4, sealedEvents: 14 });
    expect(await new StoreVerifier(db.pool, repository, clock).verify()).toMatchObject({ ok: true, unsealedEvents: 0, sealsChecked: 4 });
  });

  it('starts sealing as soon as the worker boots', async () => {
    await append('task-c', 0, 3);
    await waitUntilReadable(db.pool);
    scheduler.onApplicationBootstrap();
    await scheduler.tick(); // joins the run the bootstrap started
    expect((await repository.totals()).sealedEvents).toBe(17);
    await scheduler.onApplicationShutdown();
  });
});
