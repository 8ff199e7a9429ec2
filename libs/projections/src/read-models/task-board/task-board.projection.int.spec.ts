import { EventMetadata, PostgresEventStore, Upcasters } from '@dondoc/event-store';
import { planIssued } from '@dondoc/tasking/domain/plan.events';
import { reportSubmitted, taskAssigned } from '@dondoc/tasking/domain/task.events';
import { planStreamId, taskStreamId } from '@dondoc/tasking/domain/stream-ids';
import { createTestDatabase, TestDatabase } from '@dondoc/testing';
import { diffWithRebuild } from '../../engine/table-diff';
import { ProjectionEngine } from '../../engine/projection-engine';
import { ProjectionRebuilder } from '../../engine/projection-rebuilder';
import { createTaskBoardProjection } from './task-board.projection';

let commands = 0;
const metadata = (occurredAt: string): EventMetadata => ({
  actor: 'test',
  role: 'system',
  agency: null,
  commandId: `task-board-spec-${++commands}`,
  correlationId: 'task-board-spec',
  causationId: null,
  occurredAt,
});

/** The live task board against real PostgreSQL, where a rebuild (which holds every row in memory) would hide a missing load. */
describe('task board projection, live (PostgreSQL)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('task_board_live');
  });

  afterAll(async () => {
    await db.drop();
  });

  it('records a report for a period it has no row for from the report’s own deadline, as a rebuild does', async () => {
    const store = new PostgresEventStore(db.pool);
    await store.append(planStreamId('KH-118'), 'no_stream', [
      planIssued({
        planId: 'KH-118',
        number: '118/KH-UBND',
        issuerAgency: 'UBND_TINH',
        issuedOn: '2019-11-21',
        title: 'Kế hoạch bảo đảm an ninh, trật tự dịp Tết',
        period: { start: '2019-11-21', end: '2020-02-22' },
        objectives: ['Bảo đảm an ninh, trật tự'],
        monitoringAgency: 'CA_TINH',
        defaultReportingSchedule: { kind: 'monthly', day: 20, relation: 'on' },
        issuedAt: '2019-11-21T02:00:00.000Z',
      }),
    ], { metadata: metadata('2019-11-21T02:00:00.000Z') });
    await store.append(taskStreamId('T-1'), 'no_stream', [
      taskAssigned({
        taskId: 'T-1',
        planId: 'KH-118',
        title: 'Tuần tra, kiểm soát dịp Tết',
        text: 'Chủ trì, phối hợp triển khai thực hiện',
        leadAgency: 'CA_TINH',
        coordinatingAgencies: [],
        partners: [],
        dueDate: null,
        reportingSchedule: { kind: 'monthly', day: 20, relation: 'on' },
        sourceRef: '118-III-1',
        assignedAt: '2019-11-21T03:00:00.000Z',
      }),
    ], { metadata: metadata('2019-11-21T03:00:00.000Z') });
    const projection = createTaskBoardProjection();
    const engine = new ProjectionEngine(db.pool, store, new Upcasters(), [projection]);
    await engine.catchUp(projection.name);
    // A period past the plan's end: the board demanded no report for it. In a batch of its own,
    // so that the report alone decides whether the batch needs the calendar (its own deadline's).
    await store.append(taskStreamId('T-1'), 1, [
      reportSubmitted({
        taskId: 'T-1',
        reportId: 'R-1',
        periodId: '2020-05',
        text: 'Đã triển khai',
        progressPercent: 100,
        indicatorValues: [],
        dueAt: '2020-05-20T10:00:00.000Z',
        late: false,
        extensionId: null,
        submittedAt: '2020-05-19T08:00:00.000Z',
      }),
    ], { metadata: metadata('2020-05-19T08:00:00.000Z') });

    await expect(engine.catchUp(projection.name)).resolves.toMatchObject({ position: expect.any(Number) });
    const rows = await db.pool.query(`SELECT period_id, state, report_id, due_at FROM obligations WHERE task_id = 'T-1' ORDER BY period_id`);
    expect(rows.rows.map((row) => row.period_id)).toEqual(['2019-12', '2020-01', '2020-02', '2020-05']);
    expect(rows.rows[3]).toMatchObject({ state: 'satisfied', report_id: 'R-1', due_at: new Date('2020-05-20T10:00:00.000Z') });

    const rebuilder = new ProjectionRebuilder(db.pool, store, new Upcasters());
    await rebuilder.rebuild(projection, { swap: false });
    for (const diff of await diffWithRebuild(db.pool, projection)) expect(diff).toMatchObject({ onlyHere: 0, onlyThere: 0 });
    await rebuilder.discard(projection);
  });
});
