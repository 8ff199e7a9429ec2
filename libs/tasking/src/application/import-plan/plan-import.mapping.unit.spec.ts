import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FixtureAgenciesFile, FixturePlanFile } from './fixture-plan';
import { FixtureError, ImportStep, mapFixturePlan, planIdFor, taskIdFor, toSchedule } from './plan-import.mapping';

const fixtures = join(__dirname, '../../../../../fixtures');
const load = <T>(name: string): T => JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as T;
const agencies = load<FixtureAgenciesFile>('agencies.json');
const plan118 = load<FixturePlanFile>('plan-118-thai-binh-2019.json');

const taskStep = (steps: ImportStep[], sourceRef: string) => {
  const step = steps.find((s) => s.kind === 'task' && s.input.sourceRef === sourceRef);
  if (!step || step.kind !== 'task') throw new Error(`no task ${sourceRef}`);
  return step.input;
};

describe('fixture plan mapping', () => {
  const mapping = mapFixturePlan(plan118, agencies);

  it('registers every agency the plan mentions, collectives included, then issues the plan, then assigns all 31 tasks', () => {
    const kinds = mapping.steps.map((s) => s.kind);
    const agencySteps = mapping.steps.filter((s) => s.kind === 'agency');
    expect(kinds.indexOf('plan')).toBe(agencySteps.length);
    expect(kinds.filter((k) => k === 'task')).toHaveLength(31);
    const codes = agencySteps.map((s) => (s.kind === 'agency' ? s.input.code : ''));
    for (const mentioned of plan118.agencies_mentioned!) expect(codes).toContain(mentioned.agency_code);
    expect(codes).toEqual(expect.arrayContaining(['UBND_TINH', 'CA_TINH', 'UBND_HUYEN', 'SO_BAN_NGANH_TINH']));
    const huyen = agencySteps.find((s) => s.kind === 'agency' && s.input.code === 'UBND_HUYEN');
    expect(huyen?.kind === 'agency' && huyen.input).toMatchObject({ collective: true, level: 'district', kind: 'committee' });
    expect(mapping.warnings).toEqual([]);
  });

  it('issues plan 118 with its period, monitoring agency and the monthly report on the 20th as default', () => {
    const plan = mapping.steps.find((s) => s.kind === 'plan');
    expect(plan?.kind === 'plan' && plan.input).toMatchObject({
      planId: planIdFor('plan-118-thai-binh-2019'),
      number: '118/KH-UBND',
      issuerAgency: 'UBND_TINH',
      issuedOn: '2019-11-21',
      period: { start: '2019-11-21', end: '2020-04-22' },
      monitoringAgency: 'CA_TINH',
      defaultReportingSchedule: { kind: 'monthly', day: 20, relation: 'on' },
    });
  });

  it('makes the first assignee the lead and further assignees coordinating; generic partners stay text', () => {
    expect(taskStep(mapping.steps, '118-III-2-a')).toMatchObject({
      leadAgency: 'BCHQS_TINH',
      coordinatingAgencies: ['BCH_BDBP_TINH'],
      partners: [expect.any(String)],
      reportingSchedule: { kind: 'monthly', day: 20, relation: 'on' },
      dueDate: null,
    });
    const customs = taskStep(mapping.steps, '118-III-3');
    expect(customs).toMatchObject({ leadAgency: 'HAI_QUAN_THAI_BINH', coordinatingAgencies: ['BCH_BDBP_TINH', 'CA_TINH'] });
    expect(customs.partners).toHaveLength(1);
    expect(taskStep(mapping.steps, '118-III-1-a')).toMatchObject({ leadAgency: 'CA_TINH', coordinatingAgencies: [], partners: [] });
    expect(taskStep(mapping.steps, '118-III-1-a').title.length).toBeLessThanOrEqual(161);
  });

  it('derives the same ids and command ids every time, distinct per task', () => {
    const again = mapFixturePlan(plan118, agencies);
    expect(again.steps.map((s) => s.commandId)).toEqual(mapping.steps.map((s) => s.commandId));
    expect(new Set(mapping.steps.map((s) => s.commandId)).size).toBe(mapping.steps.length);
    expect(taskStep(mapping.steps, '118-III-9').taskId).toBe(taskIdFor('plan-118-thai-binh-2019', '118-III-9'));
    expect(taskIdFor('plan-118-thai-binh-2019', '118-III-9')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("gives a task without a named assignee to its default lead (plan 94), with the plan's yearly report", () => {
    const plan94 = load<FixturePlanFile>('plan-94-ba-ria-vung-tau-2017.json');
    const mapped = mapFixturePlan(plan94, agencies);
    expect(taskStep(mapped.steps, '94-III-1-c')).toMatchObject({
      leadAgency: 'CA_TINH',
      reportingSchedule: { kind: 'yearly', month: 11, day: 20, relation: 'before' },
    });
  });

  it('leaves out, with a warning, tasks with no deadline and no schedule (plan 1875 has none)', () => {
    const plan1875 = load<FixturePlanFile>('plan-1875-lam-dong-2023.json');
    const mapped = mapFixturePlan(plan1875, agencies);
    expect(mapped.steps.filter((s) => s.kind === 'task')).toHaveLength(0);
    expect(mapped.warnings).toHaveLength(plan1875.tasks.length);
    const plan189 = load<FixturePlanFile>('plan-189-dan-van-kheo-2020.json');
    expect(taskStep(mapFixturePlan(plan189, agencies).steps, '189-II-2.1-d')).toMatchObject({ dueDate: '2020-10-15' });
  });

  it('reads the fixture recurrence kinds', () => {
    expect(toSchedule({ kind: 'interval', every: 'P6M', anchor: null }, '2017-09-06')).toEqual({
      kind: 'interval',
      everyMonths: 6,
      anchor: '2017-09-06',
      relation: 'on',
    });
    expect(toSchedule({ kind: 'interval', every: 'P1Y', anchor: '2018-01-01' }, '2017-09-06')).toMatchObject({ everyMonths: 12 });
    expect(toSchedule({ kind: 'once', date: '2020-12-31' }, '2017-09-06')).toEqual({ kind: 'once', date: '2020-12-31', relation: 'on' });
    expect(toSchedule({ kind: 'yearly', month: null, day: null }, '2017-09-06')).toBeNull();
    expect(toSchedule({ kind: 'periodic_unspecified' }, '2017-09-06')).toBeNull();
    expect(toSchedule({ kind: 'yearly_month', month: 6 }, '2017-09-06')).toBeNull();
  });

  it('names what is wrong with a file that is not a fixture plan, or an unknown agency code', () => {
    expect(() => mapFixturePlan({} as FixturePlanFile, agencies)).toThrow(FixtureError);
    expect(() => mapFixturePlan(plan118, { agencies: [] })).toThrow(/agency codes missing from agencies.json: .*CA_TINH/);
  });
});
