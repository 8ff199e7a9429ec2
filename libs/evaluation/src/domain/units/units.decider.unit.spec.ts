import { fold } from '@dondoc/event-store/decider/decider';
import { spec } from '@dondoc/event-store/decider/given-when-then';
import { communesOf, DISTRICT, PROVINCE } from '../../testing/evaluation.fixtures';
import { UNIT_REGISTERED, UNITS_REORGANISED, UnitRegistered, UnitsEvent } from './units.events';
import { directoryOf, unitsDecider } from './units.decider';
import { UnitData } from './units.types';

const at = '2018-01-02T02:00:00.000Z';
const registered = (unit: UnitData): UnitRegistered => ({ type: UNIT_REGISTERED, data: { ...unit, registeredAt: at }, schemaVersion: 1 });
const [c1, c2, c3] = communesOf(DISTRICT.unitId, 3);
const base: UnitsEvent[] = [PROVINCE, DISTRICT, c1, c2, c3].map(registered);

/** The reform of 1 July 2025: districts abolished, communes merged. */
const NEW_COMMUNE = { unitId: 'long-dien-moi', name: 'Long Điền', level: 'commune' as const, kind: 'xã', parentId: 'brvt' };
const reform = {
  type: 'ReorganiseUnits' as const,
  reorganisationId: 'reform-2025-07-01',
  effectiveOn: '2025-07-01',
  basis: 'Nghị quyết số 202/2025/QH15; Nghị quyết của UBTVQH về sắp xếp đơn vị hành chính cấp xã',
  newUnits: [NEW_COMMUNE],
  successions: [
    { unitId: DISTRICT.unitId, successorId: PROVINCE.unitId },
    { unitId: c1.unitId, successorId: NEW_COMMUNE.unitId },
    { unitId: c2.unitId, successorId: NEW_COMMUNE.unitId },
  ],
  at: '2025-06-20T03:00:00.000Z',
};

describe('units decider', () => {
  it('registers a commune with its kind under its district', () => {
    spec(unitsDecider).given(base.slice(0, 2)).when({ type: 'RegisterUnit', unit: c1, at }).then([registered(c1)]);
  });

  it('registers agencies, enterprises and schools as evaluable organisations', () => {
    const school: UnitData = { unitId: 'thpt-long-dien', name: 'Trường THPT Long Điền', level: 'organisation', kind: 'cơ sở giáo dục', parentId: DISTRICT.unitId, validFrom: null };
    spec(unitsDecider).given(base).when({ type: 'RegisterUnit', unit: school, at }).then([registered(school)]);
  });

  it('registering the same unit again appends nothing; different data under the same id is refused', () => {
    spec(unitsDecider).given(base).when({ type: 'RegisterUnit', unit: c1, at }).then([]);
    spec(unitsDecider).given(base).when({ type: 'RegisterUnit', unit: { ...c1, name: 'Khác' }, at }).thenThrows('UNIT_ALREADY_REGISTERED');
  });

  it('names every bad field: kind not of the level, missing parent, wrong parent level', () => {
    const events = spec(unitsDecider).given(base);
    const bad = { ...c1, unitId: 'x-1', kind: 'huyện', parentId: 'nowhere' };
    expect(() => events.when({ type: 'RegisterUnit', unit: bad, at }).events()).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        details: { fields: [{ field: 'kind', problems: [expect.stringContaining('xã, phường, thị trấn')] }, { field: 'parentId', problems: [expect.stringContaining('nowhere')] }] },
      }),
    );
    const underCommune = { ...c1, unitId: 'x-2', parentId: c2.unitId };
    events.when({ type: 'RegisterUnit', unit: underCommune, at }).thenThrows('VALIDATION_FAILED');
  });

  it('records a reorganisation: new units, then each old unit with its successor, as one append', () => {
    const events = spec(unitsDecider).given(base).when(reform).events();
    expect(events.map((e) => e.type)).toEqual([UNIT_REGISTERED, UNITS_REORGANISED]);
    expect(events[0].data).toMatchObject({ ...NEW_COMMUNE, validFrom: '2025-07-01' });
    expect(events[1].data).toEqual({
      reorganisationId: reform.reorganisationId,
      effectiveOn: '2025-07-01',
      basis: reform.basis,
      successions: reform.successions,
      reorganisedAt: reform.at,
    });
  });

  it('the same reorganisation again appends nothing', () => {
    const events = spec(unitsDecider).given(base).when(reform).events();
    spec(unitsDecider).given([...base, ...events]).when(reform).then([]);
  });

  it('…also once the event came back from jsonb with its keys in another order', () => {
    const reorder = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reorder)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reorder(v)]))
          : value;
    const events = spec(unitsDecider).given(base).when(reform).events().map((e) => ({ ...e, data: reorder(e.data) }) as UnitsEvent);
    spec(unitsDecider).given([...base, ...events]).when(reform).then([]);
  });

  it('refuses successions naming unknown, ended or self successors, each field named', () => {
    const first = spec(unitsDecider).given(base).when(reform).events();
    const again = {
      ...reform,
      reorganisationId: 'again',
      newUnits: [],
      successions: [
        { unitId: c1.unitId, successorId: c3.unitId },
        { unitId: c3.unitId, successorId: c3.unitId },
        { unitId: 'ghost', successorId: 'nowhere' },
      ],
    };
    try {
      unitsDecider.decide(again, fold(unitsDecider, [...base, ...first]));
      throw new Error('expected a refusal');
    } catch (error: any) {
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details.fields.map((f: { field: string }) => f.field)).toEqual([
        'successions[0].unitId',
        'successions[0].successorId',
        'successions[1].successorId',
        'successions[2].unitId',
        'successions[2].successorId',
      ]);
    }
  });

  it('a commune cannot be succeeded by a district', () => {
    spec(unitsDecider)
      .given(base)
      .when({ ...reform, newUnits: [], successions: [{ unitId: c1.unitId, successorId: DISTRICT.unitId }] })
      .thenThrows('VALIDATION_FAILED');
  });
});

describe('unit views as of a date (nothing recorded is rewritten)', () => {
  const state = fold(unitsDecider, [...base, ...spec(unitsDecider).given(base).when(reform).events()]);
  const directory = directoryOf(state);

  it('before 1 July 2025 shows the original units', () => {
    expect(directory.show(c1.unitId, '2025-06-30')).toMatchObject({ unit: { unitId: c1.unitId }, shownAs: { unitId: c1.unitId }, reorganised: false });
    expect(directory.show(DISTRICT.unitId, '2019-12-31').shownAs.unitId).toBe(DISTRICT.unitId);
  });

  it('from 1 July 2025 shows each old unit as its successor', () => {
    expect(directory.show(c1.unitId, '2025-07-01')).toMatchObject({ unit: { unitId: c1.unitId }, shownAs: { unitId: 'long-dien-moi', name: 'Long Điền' }, reorganised: true });
    expect(directory.show(c2.unitId, '2026-01-01').shownAs.unitId).toBe('long-dien-moi');
    expect(directory.show(DISTRICT.unitId, '2025-07-01').shownAs.unitId).toBe(PROVINCE.unitId);
  });

  it('a unit the reorganisation did not touch stays itself', () => {
    expect(directory.show(c3.unitId, '2026-01-01')).toMatchObject({ shownAs: { unitId: c3.unitId }, reorganised: false });
  });

  it('lists the successor’s predecessors, and counts a district’s existing communes on a date', () => {
    expect(directory.shownAs('long-dien-moi', '2025-07-01').map((u) => u.unitId).sort()).toEqual([c1.unitId, c2.unitId, 'long-dien-moi'].sort());
    expect(directory.communesOf(DISTRICT.unitId, '2025-06-30')).toHaveLength(3);
    expect(directory.communesOf(DISTRICT.unitId, '2025-07-01').map((u) => u.unitId)).toEqual([c3.unitId]);
  });

  it('follows chains of reorganisations', () => {
    const later = unitsDecider.decide(
      {
        type: 'ReorganiseUnits',
        reorganisationId: 'later',
        effectiveOn: '2030-01-01',
        basis: 'giả định',
        newUnits: [{ ...NEW_COMMUNE, unitId: 'xa-2030', name: 'Xã 2030' }],
        successions: [{ unitId: 'long-dien-moi', successorId: 'xa-2030' }],
        at: '2029-12-01T00:00:00Z',
      },
      state,
    );
    const chained = directoryOf(later.reduce(unitsDecider.evolve, state));
    expect(chained.show(c1.unitId, '2029-12-31').shownAs.unitId).toBe('long-dien-moi');
    expect(chained.show(c1.unitId, '2030-01-01').shownAs.unitId).toBe('xa-2030');
    expect(chained.show(c1.unitId, '2020-01-01').shownAs.unitId).toBe(c1.unitId);
  });
});
