import { fold } from '@dondoc/event-store/decider/decider';
import { asRecord, communesOf, conditionsHeld, DISTRICT, measurementsMeeting, plan94Programme, PROVINCE } from '../../testing/evaluation.fixtures';
import { directoryOf, unitsDecider } from '../units/units.decider';
import { UNIT_REGISTERED, UnitsEvent } from '../units/units.events';
import { TransformationCommand } from './transformation.commands';
import { TransformationState, transformationDecider } from './transformation.decider';
import { TransformationEvent } from './transformation.events';
import { districtYearFigures, totalsOf } from './transformation.statistics';

const programme = plan94Programme();
const units = communesOf(DISTRICT.unitId, 20);
const communes = units.map(asRecord);
const registry: UnitsEvent[] = [PROVINCE, DISTRICT, ...units].map((u) => ({ type: UNIT_REGISTERED, data: { ...u, registeredAt: '2017-01-01T00:00:00Z' } }));
const reform: UnitsEvent[] = unitsDecider.decide(
  {
    type: 'ReorganiseUnits',
    reorganisationId: 'reform-2025',
    effectiveOn: '2025-07-01',
    basis: 'Nghị quyết 202/2025/QH15',
    newUnits: [{ unitId: 'xa-moi', name: 'Xã Mới', level: 'commune', kind: 'xã', parentId: PROVINCE.unitId }],
    successions: [
      { unitId: DISTRICT.unitId, successorId: PROVINCE.unitId },
      ...communes.slice(0, 3).map((c) => ({ unitId: c.unitId, successorId: 'xa-moi' })),
    ],
    at: '2025-06-25T00:00:00Z',
  },
  fold(unitsDecider, registry),
);

function run(commands: TransformationCommand[]): TransformationState {
  const events: TransformationEvent[] = [];
  for (const command of commands) events.push(...transformationDecider.decide(command, fold(transformationDecider, events)));
  return fold(transformationDecider, events);
}

const select = (i: number): TransformationCommand => ({
  type: 'SelectCommune',
  programme,
  year: 2018,
  commune: communes[i],
  district: asRecord(DISTRICT),
  districtCommuneCount: 20,
  history: { openSelectionYear: null, transformedYear: null },
  findings: [{ group: 'criminal', criterionId: '94-TC-a-1', value: 12, note: null }],
  today: '2018-01-15',
  at: '2018-01-15T02:00:00Z',
});
const evaluate = (i: number, unmet: string[]): TransformationCommand => ({
  type: 'EvaluateCommune',
  programme,
  communeId: communes[i].unitId,
  measurements: measurementsMeeting(programme, unmet),
  conditions: conditionsHeld(programme),
  note: null,
  today: '2019-01-20',
  at: '2019-01-20T02:00:00Z',
});

// Three selected (the cap of 20): two succeed, one fails; one of the two relapses later.
const state = run([
  select(0),
  select(1),
  select(2),
  evaluate(0, []),
  evaluate(1, ['94-CT-9']),
  evaluate(2, ['94-CT-1', '94-CT-2']),
  { type: 'RecordRelapse', programme, communeId: communes[1].unitId, reason: 'phức tạp trở lại', findings: [], today: '2020-06-01', at: '2020-06-01T00:00:00Z' },
]);
const goals = { programmeId: programme.programmeId, goals: programme.goals, capPercent: 15 };

describe('statistics of a district and year', () => {
  it('counts selected against the cap, evaluated, succeeded, failed, relapsed, with both goals', () => {
    const figures = districtYearFigures({ districtId: DISTRICT.unitId, year: 2018, state, directory: directoryOf(fold(unitsDecider, registry)), asOf: '2020-12-31', programme: goals });
    expect(figures.cap).toEqual({ percent: 15, communeCount: 20, max: 3, selected: 3, remaining: 0, source: 'selections' });
    expect(figures.counts).toEqual({ selected: 3, evaluated: 3, pending: 0, overdue: 0, succeeded: 2, failed: 1, relapsed: 1 });
    // 2 of 3 = 66.7% >= 60%; 1 of 2 transformed did not relapse = 50% < 85%.
    expect(figures.successRate).toEqual({ percent: 66.7, goalPercent: 60, status: 'met' });
    expect(figures.noRelapseRate).toEqual({ percent: 50, goalPercent: 85, status: 'not_met' });
    expect(figures.communes.map((c) => [c.commune.unit.unitId, c.status, c.onList])).toEqual([
      ['long-dien-c01', 'succeeded', false],
      ['long-dien-c02', 'relapsed', true],
      ['long-dien-c03', 'failed', true],
    ]);
    expect(figures.communes[0].evaluation).toEqual({ metCount: 9, indicatorCount: 9, metPercent: 100, requiredMetCount: 8, evaluatedOn: '2019-01-20' });
  });

  it('as of a date before an event, the event is not counted (the caller folds the stream until that date)', () => {
    const before = run([select(0), select(1), select(2)]);
    const figures = districtYearFigures({ districtId: DISTRICT.unitId, year: 2018, state: before, directory: directoryOf(fold(unitsDecider, registry)), asOf: '2019-02-01', programme: goals });
    expect(figures.counts).toMatchObject({ selected: 3, evaluated: 0, pending: 3, overdue: 3 });
    expect(figures.successRate.status).toBe('pending');
  });

  it('shows the original units as of a date before the reform of 1 July 2025, and their successors after it', () => {
    const directory = directoryOf(fold(unitsDecider, [...registry, ...reform]));
    const before = districtYearFigures({ districtId: DISTRICT.unitId, year: 2018, state, directory, asOf: '2025-06-30', programme: goals });
    expect(before.district.shownAs.unitId).toBe(DISTRICT.unitId);
    expect(before.communes.map((c) => c.commune.shownAs.unitId)).toEqual(['long-dien-c01', 'long-dien-c02', 'long-dien-c03']);

    const after = districtYearFigures({ districtId: DISTRICT.unitId, year: 2018, state, directory, asOf: '2025-07-01', programme: goals });
    expect(after.district).toMatchObject({ unit: { unitId: DISTRICT.unitId }, shownAs: { unitId: PROVINCE.unitId }, reorganised: true });
    expect(after.communes.map((c) => [c.commune.unit.unitId, c.commune.shownAs.unitId])).toEqual([
      ['long-dien-c01', 'xa-moi'],
      ['long-dien-c02', 'xa-moi'],
      ['long-dien-c03', 'xa-moi'],
    ]);
    // The figures themselves are the same facts, whichever way the units are shown.
    expect(after.counts).toEqual(before.counts);
  });

  it('without selections, the cap comes from the registry as of the year (20 communes → 3)', () => {
    const figures = districtYearFigures({ districtId: DISTRICT.unitId, year: 2019, state: { status: 'empty' }, directory: directoryOf(fold(unitsDecider, registry)), asOf: '2020-01-01', programme: goals });
    expect(figures.cap).toEqual({ percent: 15, communeCount: 20, max: 3, selected: 0, remaining: 3, source: 'registry' });
    expect(figures.successRate.status).toBe('not_applicable');
  });

  it('totals several districts and recomputes the rates', () => {
    const directory = directoryOf(fold(unitsDecider, registry));
    const one = districtYearFigures({ districtId: DISTRICT.unitId, year: 2018, state, directory, asOf: '2020-12-31', programme: goals });
    const totals = totalsOf([one, one], programme.goals);
    expect(totals.cap).toEqual({ max: 6, selected: 6 });
    expect(totals.counts.succeeded).toBe(4);
    expect(totals.successRate.percent).toBe(66.7);
  });
});
