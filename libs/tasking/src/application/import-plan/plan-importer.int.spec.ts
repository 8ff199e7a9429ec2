import { join } from 'node:path';
import { Test, TestingModule } from '@nestjs/testing';
import { CqrsModule, QueryBus } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore, EventStoreModule } from '@dondoc/event-store';
import { loadAppConfig, ManualClock, PlatformModule, SYSTEM_ACTOR } from '@dondoc/platform';
import { createTestDatabase, TestDatabase } from '@dondoc/testing';
import { TaskingModule } from '../../tasking.module';
import { GetTaskQuery } from '../get-task/get-task.query';
import { ImportProgress, PlanImporter } from './plan-importer';
import { planIdFor, taskIdFor } from './plan-import.mapping';

const fixtures = join(__dirname, '../../../../../fixtures');
const PLAN_118 = join(fixtures, 'plan-118-thai-binh-2019.json');
const PLAN_94 = join(fixtures, 'plan-94-ba-ria-vung-tau-2017.json');

describe('PlanImporter (PostgreSQL)', () => {
  let db: TestDatabase;
  let moduleRef: TestingModule;
  let importer: PlanImporter;
  let store: EventStore;
  const eventCount = async () => Number((await db.pool.query('SELECT count(*) AS n FROM events')).rows[0].n);

  beforeAll(async () => {
    db = await createTestDatabase('tasking_import');
    const config = loadAppConfig({ DATABASE_URL: db.url, JWT_SECRET: 'x'.repeat(40), REDIS_PREFIX: `dondoc_t_${db.name}` });
    moduleRef = await Test.createTestingModule({
      imports: [PlatformModule.forRoot({ config, clock: new ManualClock('2030-01-01T00:00:00Z') }), EventStoreModule, CqrsModule.forRoot(), TaskingModule],
    }).compile();
    await moduleRef.init();
    importer = moduleRef.get(PlanImporter);
    store = moduleRef.get(EVENT_STORE);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await db?.drop();
  });

  it('imports plan 118 (agencies, the plan, 31 tasks); importing it again appends nothing', async () => {
    const progress: ImportProgress[] = [];
    const first = await importer.importFiles(PLAN_118, undefined, { onProgress: (p) => progress.push(p) });
    const after = await eventCount();
    expect(first.skipped).toBe(0);
    expect(first.taskIds).toHaveLength(31);
    expect(first.appended).toBe(after);
    expect(first.events).toBe(after);
    expect(first.warnings).toEqual([]);
    expect(progress).toHaveLength(first.appended);
    expect(progress[progress.length - 1]).toMatchObject({ done: first.appended, total: first.appended, step: 'task 118-III-20' });

    const second = await importer.importFiles(PLAN_118);
    expect(second).toMatchObject({ appended: 0, events: 0, skipped: first.appended, planId: first.planId });
    expect(second.taskIds).toEqual(first.taskIds);
    expect(await eventCount()).toBe(after);
  });

  it("writes the plan's issue date at 08:00 +07:00 as business time, by the system actor, one correlation id", async () => {
    const plan = (await store.readStream(`plan-${planIdFor('plan-118-thai-binh-2019')}`)).events[0];
    expect(plan.metadata).toMatchObject({ actor: SYSTEM_ACTOR.userId, role: 'system', occurredAt: '2019-11-21T01:00:00.000Z' });
    const task = (await store.readStream(`task-${taskIdFor('plan-118-thai-binh-2019', '118-III-1-a')}`)).events[0];
    expect(task.metadata.correlationId).toBe(plan.metadata.correlationId);
    expect((await store.readStream('agency-UBND_HUYEN')).events[0]).toMatchObject({
      type: 'AgencyRegistered',
      data: { code: 'UBND_HUYEN', collective: true },
    });
  });

  it('assigns each task to its lead with its coordinating agencies and the monthly report on the 20th', async () => {
    const queries = moduleRef.get(QueryBus);
    const view = await queries.execute(new GetTaskQuery(taskIdFor('plan-118-thai-binh-2019', '118-III-10-b'), SYSTEM_ACTOR));
    expect(view).toMatchObject({
      version: 1,
      status: 'active',
      planId: planIdFor('plan-118-thai-binh-2019'),
      leadAgency: 'SO_GTVT',
      coordinatingAgencies: ['BAN_ATGT_TINH', 'UBND_HUYEN'],
      reportingSchedule: { kind: 'monthly', day: 20, relation: 'on' },
      sourceRef: '118-III-10-b',
      assignedAt: '2019-11-21T01:00:00.000Z',
    });
  });

  it('imports another plan sharing agencies, also twice at once, with one set of events', async () => {
    const before = await eventCount();
    const [a, b] = await Promise.all([importer.importFiles(PLAN_94), importer.importFiles(PLAN_94)]);
    const written = (await eventCount()) - before;
    expect(a.events + b.events).toBe(written);
    expect(a.skipped + b.skipped).toBeGreaterThan(0);
    const again = await importer.importFiles(PLAN_94);
    expect(again).toMatchObject({ appended: 0, events: 0 });
    expect(await eventCount()).toBe(before + written);
  });
});
