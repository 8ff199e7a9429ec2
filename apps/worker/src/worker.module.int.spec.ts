import { Test, TestingModule } from '@nestjs/testing';
import { loadAppConfig, ManualClock } from '@dondoc/platform';
import { createTestDatabase, TestDatabase } from '@dondoc/testing';
import { FollowUpWorkers } from './follow-up/follow-up-workers';
import { ProjectionsProcessor } from './projections/projections.processor';
import { WorkerModule } from './worker.module';

describe('the worker module (WORKER_PROJECTIONS)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    // Compiled, not started: nothing reads or writes the database.
    db = await createTestDatabase('worker_module', { migrate: false });
  });

  afterAll(async () => {
    await db.drop();
  });

  const compile = (workerProjections: 'on' | 'off'): Promise<TestingModule> => {
    const config = loadAppConfig({
      JWT_SECRET: 'x'.repeat(32),
      DATABASE_URL: db.url,
      REDIS_PREFIX: `worker-module-${process.pid}`,
      WORKER_PROJECTIONS: workerProjections,
    });
    return Test.createTestingModule({ imports: [WorkerModule.forRoot({ config, clock: new ManualClock('2026-11-30T02:00:00Z') })] }).compile();
  };

  it('runs the projections beside the reminders by default', async () => {
    const worker = await compile('on');
    try {
      expect(worker.get(ProjectionsProcessor, { strict: false })).toBeInstanceOf(ProjectionsProcessor);
      expect(worker.get(FollowUpWorkers, { strict: false })).toBeInstanceOf(FollowUpWorkers);
    } finally {
      await worker.close();
    }
  });

  it('leaves the projections to projector processes when WORKER_PROJECTIONS=off, and still runs the reminders', async () => {
    const worker = await compile('off');
    try {
      expect(() => worker.get(ProjectionsProcessor, { strict: false })).toThrow();
      expect(worker.get(FollowUpWorkers, { strict: false })).toBeInstanceOf(FollowUpWorkers);
    } finally {
      await worker.close();
    }
  });

  it('refuses a value other than on or off', () => {
    expect(() => loadAppConfig({ JWT_SECRET: 'x'.repeat(32), WORKER_PROJECTIONS: 'sometimes' })).toThrow(/WORKER_PROJECTIONS/);
  });
});
