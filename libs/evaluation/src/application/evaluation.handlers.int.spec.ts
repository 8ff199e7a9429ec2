import { CommandContext, CommandRunner, EventStore, PostgresEventStore, ReadStreamOptions, WrongExpectedVersionError } from '@dondoc/event-store';
import { Actor, AdvisoryLocks } from '@dondoc/platform';
import { createTestDatabase, TestDatabase } from '@dondoc/testing';
import { programmeStreamId, transformationStreamId, UNITS_STREAM_ID } from '../domain/stream-ids';
import { communesOf, conditionsHeld, DISTRICT, measurementsMeeting, plan94Programme, PROVINCE, readPlan94 } from '../testing/evaluation.fixtures';
import { EvaluationReader } from './evaluation-reader';
import { ClassifyMovementCommand, RecogniseModelUnitCommand } from './movement/movement.commands';
import { ClassifyMovementHandler, RecogniseModelUnitHandler } from './movement/movement.handlers';
import { ImportProgrammeCommand } from './programme/define-programme.command';
import { ImportProgrammeHandler } from './programme/define-programme.handler';
import { EvaluationQueries } from './queries/evaluation.queries';
import { EvaluateCommuneCommand, RecordRelapseCommand, SelectCommuneCommand } from './transformation/transformation.commands';
import { EvaluateCommuneHandler, RecordRelapseHandler, SelectCommuneHandler } from './transformation/transformation.handlers';
import { RegisterUnitCommand } from './units/register-unit.command';
import { RegisterUnitHandler } from './units/register-unit.handler';
import { ReorganiseUnitsCommand } from './units/reorganise-units.command';
import { ReorganiseUnitsHandler } from './units/reorganise-units.handler';

/**
 * An event store whose next `n` reads of one stream wait for each other, so that concurrent
 * commands deterministically decide on the same version (the race the cap must survive).
 */
class BarrierStore {
  conflicts = 0;
  private barrier: { streamId: string; waiting: (() => void)[]; n: number } | null = null;

  constructor(private readonly inner: EventStore) {}

  arm(streamId: string, n: number): void {
    this.barrier = { streamId, waiting: [], n };
  }

  store(): EventStore {
    return {
      append: async (...args) => {
        try {
          return await this.inner.append(...args);
        } catch (error) {
          if (error instanceof WrongExpectedVersionError) this.conflicts++;
          throw error;
        }
      },
      readStream: async (streamId: string, options?: ReadStreamOptions) => {
        const slice = await this.inner.readStream(streamId, options);
        const barrier = this.barrier;
        if (barrier && barrier.streamId === streamId) {
          await new Promise<void>((resolve) => {
            barrier.waiting.push(resolve);
            if (barrier.waiting.length === barrier.n) {
              this.barrier = null;
              barrier.waiting.forEach((release) => release());
            }
          });
        }
        return slice;
      },
      readAll: (...args) => this.inner.readAll(...args),
      readAllForProjection: (...args) => this.inner.readAllForProjection(...args),
      findCommand: (...args) => this.inner.findCommand(...args),
      safeHeadPosition: () => this.inner.safeHeadPosition(),
    };
  }
}

const committee: Actor = { userId: 'bcd-1', role: 'committee', agency: 'BCD_PCTP_TINH' };
const programme = plan94Programme();
const findings = [{ group: 'criminal' as const, criterionId: '94-TC-a-6', value: 2, note: 'hai ổ nhóm chưa xử lý' }];

describe('evaluation handlers on the real event store', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let runner: CommandRunner;
  let reader: EvaluationReader;
  let queries: EvaluationQueries;
  let locks: AdvisoryLocks;
  let now = new Date('2018-01-15T02:00:00.000Z');
  const ctx = (extra: Partial<CommandContext> = {}): CommandContext => ({ actor: committee, now, ...extra });

  const handlers = () => ({
    register: new RegisterUnitHandler(runner),
    reorganise: new ReorganiseUnitsHandler(runner),
    importProgramme: new ImportProgrammeHandler(runner),
    select: new SelectCommuneHandler(runner, reader, locks),
    evaluate: new EvaluateCommuneHandler(runner, reader),
    relapse: new RecordRelapseHandler(runner, reader),
    classify: new ClassifyMovementHandler(runner, reader),
    recognise: new RecogniseModelUnitHandler(runner, reader),
  });
  let h: ReturnType<typeof handlers>;

  const select = (communeId: string, year = 2018, extra: Partial<CommandContext> = {}) =>
    h.select.execute(new SelectCommuneCommand({ programmeId: programme.programmeId, year, communeId, findings }, ctx(extra)));

  async function registerDistrict(districtId: string, communes: number): Promise<string[]> {
    await h.register.execute(new RegisterUnitCommand({ ...DISTRICT, unitId: districtId, name: `Huyện ${districtId}` }, ctx()));
    const units = communesOf(districtId, communes);
    for (const unit of units) await h.register.execute(new RegisterUnitCommand(unit, ctx()));
    return units.map((u) => u.unitId);
  }

  beforeAll(async () => {
    db = await createTestDatabase('evaluation');
    store = new PostgresEventStore(db.pool);
    runner = new CommandRunner(store);
    reader = new EvaluationReader(runner);
    queries = new EvaluationQueries(reader);
    locks = new AdvisoryLocks(db.url);
    h = handlers();
    await h.register.execute(new RegisterUnitCommand(PROVINCE, ctx()));
  });

  afterAll(async () => {
    await locks.close();
    await db.drop();
  });

  it('imports the programme of plan 94 once; importing again appends nothing', async () => {
    const first = await h.importProgramme.execute(new ImportProgrammeCommand(readPlan94(), ctx()));
    expect(first).toMatchObject({ programmeId: '94-ba-ria-vung-tau-2017', streamId: 'programme-94-ba-ria-vung-tau-2017', eventCount: 1, duplicate: false });
    const second = await h.importProgramme.execute(new ImportProgrammeCommand(readPlan94(), ctx({ now: new Date('2018-02-01T00:00:00Z') })));
    expect(second).toMatchObject({ eventCount: 0, duplicate: true, streamVersion: 1 });
    const slice = await store.readStream(programmeStreamId(programme.programmeId));
    expect(slice.events).toHaveLength(1);
    expect(slice.events[0].metadata.commandId).toMatch(/^import-programme:94-ba-ria-vung-tau-2017:[0-9a-f]{32}$/);
    expect(await reader.programme(programme.programmeId)).toEqual(programme);
  });

  it('each handler checks the role itself, not only the HTTP route: an auditor appends nothing', async () => {
    const auditor: Actor = { userId: 'tt-1', role: 'auditor', agency: null };
    const before = (await store.readStream(UNITS_STREAM_ID)).version;
    await expect(h.register.execute(new RegisterUnitCommand({ ...DISTRICT, unitId: 'by-auditor' }, ctx({ actor: auditor })))).rejects.toMatchObject({
      code: 'ROLE_NOT_ALLOWED',
    });
    await expect(
      h.select.execute(new SelectCommuneCommand({ programmeId: programme.programmeId, year: 2018, communeId: 'x', findings }, ctx({ actor: auditor }))),
    ).rejects.toMatchObject({ code: 'ROLE_NOT_ALLOWED' });
    expect((await store.readStream(UNITS_STREAM_ID)).version).toBe(before);
  });

  it('registers units; the same registration again appends nothing', async () => {
    const first = await h.register.execute(new RegisterUnitCommand(DISTRICT, ctx()));
    expect(first.eventCount).toBe(1);
    const again = await h.register.execute(new RegisterUnitCommand(DISTRICT, ctx()));
    expect(again.eventCount).toBe(0);
  });

  it('a district with 20 communes selects 3 in 2018; the 4th is refused naming the cap and the count', async () => {
    const ids = await registerDistrict('d20', 20);
    for (const id of ids.slice(0, 3)) await select(id);
    await expect(select(ids[3])).rejects.toMatchObject({
      code: 'SELECTION_CAP_REACHED',
      message: expect.stringContaining('đã chọn 3/3 địa bàn chuyển hóa năm 2018: tối đa 15% của 20 đơn vị cấp xã là 3'),
    });
    const slice = await store.readStream(transformationStreamId('d20', 2018));
    expect(slice.events.map((e) => e.data)).toEqual(
      ids.slice(0, 3).map((communeId, i) => expect.objectContaining({ communeId, cap: 3, communeCount: 20, selectedCount: i + 1 })),
    );
    expect(slice.events[0].metadata).toMatchObject({ actor: 'bcd-1', role: 'committee', occurredAt: now.toISOString() });
  });

  it('two selections at once in a district at its cap: exactly one is refused, with the cap and the count', async () => {
    // Both commands read the district-year at version 2 (one slot left) before either appends.
    const barrier = new BarrierStore(store);
    // Without the district's lock (selections would take turns and never race): the append's
    // expected version alone must keep the cap.
    const noLock = { withLock: <T>(_key: string, work: () => Promise<T>) => work() } as AdvisoryLocks;
    const racing = new SelectCommuneHandler(new CommandRunner(barrier.store()), new EvaluationReader(new CommandRunner(barrier.store())), noLock);
    const raceSelect = (communeId: string) =>
      racing.execute(new SelectCommuneCommand({ programmeId: programme.programmeId, year: 2018, communeId, findings }, ctx()));
    for (let round = 0; round < 3; round++) {
      const ids = await registerDistrict(`race${round}`, 20);
      await select(ids[0]);
      await select(ids[1]);
      barrier.arm(transformationStreamId(`race${round}`, 2018), 2);
      const conflictsBefore = barrier.conflicts;
      const outcomes = await Promise.allSettled([raceSelect(ids[2]), raceSelect(ids[3])]);
      // The loser's append was refused on the version, then re-decided on fresh state.
      expect(barrier.conflicts).toBe(conflictsBefore + 1);
      const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0].reason).toMatchObject({ code: 'SELECTION_CAP_REACHED', details: expect.objectContaining({ cap: 3, selectedCount: 3 }) });
      expect((await store.readStream(transformationStreamId(`race${round}`, 2018))).events).toHaveLength(3);
    }
  });

  it('one commune selected for two years at once: exactly one selection holds, the other is refused', async () => {
    const ids = await registerDistrict('two-years', 20);
    for (const communeId of ids.slice(0, 3)) {
      const outcomes = await Promise.allSettled([select(communeId, 2018), select(communeId, 2019)]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(refused.map((o) => (o.reason as { code: string }).code)).toEqual(['COMMUNE_IN_TRANSFORMATION']);
      const selections = await Promise.all(
        [2018, 2019].map(async (year) => (await store.readStream(transformationStreamId('two-years', year))).events.filter((e) => (e.data as { communeId: string }).communeId === communeId)),
      );
      expect(selections.flat()).toHaveLength(1);
    }
  });

  it('selections in ten districts at once all go through: waiting for a district lock holds no connection the work needs', async () => {
    const districts: string[][] = [];
    for (let i = 0; i < 10; i++) districts.push(await registerDistrict(`many-${i}`, 7));
    const outcomes = await Promise.allSettled(districts.map((ids) => select(ids[0], 2020)));
    expect(outcomes.map((o) => o.status)).toEqual(Array(10).fill('fulfilled'));
  });

  it('ten selections at once from an empty district-year: never more than the cap', async () => {
    const ids = await registerDistrict('crowd', 20);
    const outcomes = await Promise.allSettled(ids.slice(0, 10).map((id) => select(id)));
    const accepted = outcomes.filter((o) => o.status === 'fulfilled').length;
    expect(accepted).toBeGreaterThanOrEqual(1);
    expect(accepted).toBeLessThanOrEqual(3);
    for (const o of outcomes) {
      if (o.status === 'rejected') expect(['SELECTION_CAP_REACHED', 'WRONG_EXPECTED_VERSION']).toContain((o.reason as { code: string }).code);
    }
    expect((await store.readStream(transformationStreamId('crowd', 2018))).events).toHaveLength(accepted);
  });

  it('a district of 6 communes cannot select any (floor(0.9) = 0)', async () => {
    const ids = await registerDistrict('d6', 6);
    await expect(select(ids[0])).rejects.toMatchObject({ code: 'SELECTION_CAP_REACHED', details: expect.objectContaining({ cap: 0, communeCount: 6 }) });
  });

  it('the same Idempotency-Key again appends nothing and answers the first result', async () => {
    const ids = await registerDistrict('idem', 20);
    const first = await select(ids[0], 2018, { commandId: 'select-idem-1' });
    const again = await select(ids[0], 2018, { commandId: 'select-idem-1' });
    expect(again).toMatchObject({ duplicate: true, streamVersion: first.streamVersion, status: 'selected' });
  });

  it('evaluates at the end of the year, records a relapse, and the figures follow as of each date', async () => {
    const ids = await registerDistrict('life', 20);
    for (const id of ids.slice(0, 3)) await select(id);
    const evaluate = (communeId: string, unmet: string[]) =>
      h.evaluate.execute(
        new EvaluateCommuneCommand(
          { programmeId: programme.programmeId, year: 2018, communeId, measurements: measurementsMeeting(programme, unmet), conditions: conditionsHeld(programme), note: null },
          ctx(),
        ),
      );
    await expect(evaluate(ids[0], [])).rejects.toMatchObject({ code: 'EVALUATION_NOT_DUE' });

    now = new Date('2019-01-20T02:00:00.000Z');
    expect(await evaluate(ids[0], ['94-CT-5'])).toMatchObject({ status: 'succeeded', outcome: { metCount: 8, indicatorCount: 9, requiredMetCount: 8, reasons: [] } });
    expect(await evaluate(ids[1], [])).toMatchObject({ status: 'succeeded' });
    expect(await evaluate(ids[2], ['94-CT-5', '94-CT-7'])).toMatchObject({ status: 'failed', outcome: { metCount: 7, reasons: ['INDICATORS_BELOW_THRESHOLD'] } });

    // Left the list: a successful commune cannot be selected again; a failed one can.
    await expect(select(ids[0], 2019)).rejects.toMatchObject({ code: 'COMMUNE_ALREADY_TRANSFORMED' });
    expect(await select(ids[2], 2019)).toMatchObject({ status: 'selected', year: 2019 });

    now = new Date('2020-05-05T02:00:00.000Z');
    const relapsed = await h.relapse.execute(
      new RecordRelapseCommand({ programmeId: programme.programmeId, year: 2018, communeId: ids[1], reason: 'Tụ điểm cờ bạc hoạt động trở lại', findings: [] }, ctx()),
    );
    expect(relapsed.status).toBe('relapsed');

    const current = await queries.districtStatistics(programme.programmeId, 'life', 2018, '2020-12-31');
    expect(current.totals.counts).toEqual({ selected: 3, evaluated: 3, pending: 0, overdue: 0, succeeded: 2, failed: 1, relapsed: 1 });
    expect(current.totals.successRate).toEqual({ percent: 66.7, goalPercent: 60, status: 'met' });
    expect(current.totals.noRelapseRate).toEqual({ percent: 50, goalPercent: 85, status: 'not_met' });

    const beforeRelapse = await queries.districtStatistics(programme.programmeId, 'life', 2018, '2020-05-04');
    expect(beforeRelapse.totals.counts.relapsed).toBe(0);
    expect(beforeRelapse.totals.noRelapseRate.status).toBe('met');
    const beforeEvaluation = await queries.districtStatistics(programme.programmeId, 'life', 2018, '2019-01-19');
    expect(beforeEvaluation.totals.counts).toMatchObject({ selected: 3, evaluated: 0, pending: 3, overdue: 3 });
  });

  it('after the reform of 1 July 2025, current figures show successors and earlier dates the original units; nothing is rewritten', async () => {
    const before = (await store.readStream(transformationStreamId('life', 2018))).events;
    now = new Date('2025-06-25T02:00:00.000Z');
    await h.reorganise.execute(
      new ReorganiseUnitsCommand(
        {
          reorganisationId: 'reform-2025-07-01',
          effectiveOn: '2025-07-01',
          basis: 'Nghị quyết số 202/2025/QH15 và các nghị quyết sắp xếp đơn vị hành chính cấp xã năm 2025',
          newUnits: [{ unitId: 'xa-life-moi', name: 'Xã Mới', level: 'commune', kind: 'xã', parentId: PROVINCE.unitId }],
          successions: [
            { unitId: 'life', successorId: PROVINCE.unitId },
            { unitId: 'life-c01', successorId: 'xa-life-moi' },
            { unitId: 'life-c02', successorId: 'xa-life-moi' },
          ],
        },
        ctx(),
      ),
    );
    expect((await store.readStream(transformationStreamId('life', 2018))).events).toEqual(before);

    const asOfBefore = await queries.districtStatistics(programme.programmeId, 'life', 2018, '2025-06-30');
    expect(asOfBefore.unit.shownAs.unitId).toBe('life');
    expect(asOfBefore.districts[0].communes.map((c) => c.commune.shownAs.unitId)).toEqual(['life-c01', 'life-c02', 'life-c03']);

    const after = await queries.districtStatistics(programme.programmeId, 'life', 2018, '2025-08-01');
    expect(after.unit).toMatchObject({ unit: { unitId: 'life' }, shownAs: { unitId: PROVINCE.unitId }, reorganised: true });
    expect(after.districts[0].communes.map((c) => c.commune.shownAs.unitId)).toEqual(['xa-life-moi', 'xa-life-moi', 'life-c03']);
    expect(after.totals.counts).toEqual(asOfBefore.totals.counts);

    // The successor now gathers the figures of the district it succeeded.
    const province = await queries.districtStatistics(programme.programmeId, PROVINCE.unitId, 2018, '2025-08-01');
    expect(province.districts.map((d) => d.district.unit.unitId)).toContain('life');
    const year = await queries.yearStatistics(programme.programmeId, 2018, '2025-08-01');
    expect(year.rows.find((r) => r.shownAs.unitId === PROVINCE.unitId)?.districts.map((d) => d.district.unit.unitId)).toContain('life');
    const yearBefore = await queries.yearStatistics(programme.programmeId, 2018, '2025-06-30');
    expect(yearBefore.rows.map((r) => r.shownAs.unitId)).toContain('life');

    expect((await store.readStream(UNITS_STREAM_ID)).events.at(-1)?.type).toBe('UnitsReorganised');
    // The district no longer exists: no selection can be made in it.
    now = new Date('2025-08-01T02:00:00.000Z');
    await expect(select('life-c03', 2020)).rejects.toMatchObject({ code: 'UNIT_NOT_ACTIVE', details: expect.objectContaining({ unitId: 'life' }) });
  });

  it('classifies movement and recognises only eligible model units, with warnings for missing categories', async () => {
    now = new Date('2023-12-01T02:00:00.000Z');
    await h.register.execute(
      new RegisterUnitCommand({ unitId: 'cty-a', name: 'Công ty A', level: 'organisation', kind: 'doanh nghiệp', parentId: PROVINCE.unitId, validFrom: null }, ctx()),
    );
    await h.classify.execute(new ClassifyMovementCommand({ year: 2023, unitId: 'd20-c02', rating: 'khá', safe: true }, ctx()));
    await h.classify.execute(new ClassifyMovementCommand({ year: 2023, unitId: 'cty-a', rating: 'trung bình', safe: true }, ctx()));
    const recognised = await h.recognise.execute(new RecogniseModelUnitCommand({ year: 2023, unitId: 'd20-c02', decision: null }, ctx()));
    expect(recognised.warnings.map((w) => w.code)).toEqual(['NO_MODEL_WARD_OR_TOWN', 'NO_MODEL_ORGANISATION']);
    await expect(h.recognise.execute(new RecogniseModelUnitCommand({ year: 2023, unitId: 'cty-a', decision: null }, ctx()))).rejects.toMatchObject({
      code: 'MODEL_UNIT_NOT_ELIGIBLE',
    });
    const figures = await queries.modelUnits(2023, '2023-12-31');
    expect(figures.provinces[0].recognised.map((r) => r.unit.unit.unitId)).toEqual(['d20-c02']);
    expect(figures.warnings.map((w) => w.code)).toEqual(['NO_MODEL_WARD_OR_TOWN', 'NO_MODEL_ORGANISATION']);
    const earlier = await queries.modelUnits(2023, '2023-11-30');
    expect(earlier.provinces[0].recognised).toEqual([]);
  });
});
