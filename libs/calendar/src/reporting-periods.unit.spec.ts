import { readFileSync } from 'fs';
import { join } from 'path';
import type { ReportingSchedule } from './reporting-schedule';
import { periodForId, reportingPeriods } from './reporting-periods';
import { vietnamCalendar } from './working-calendar';

const calendar = vietnamCalendar();

interface FixtureObligation {
  recurrence: ReportingSchedule;
  derived_due_dates: string[];
}

function loadPlan(file: string): { period: { start: string; end: string }; obligation: FixtureObligation } {
  const plan = JSON.parse(readFileSync(join(__dirname, '../../../fixtures', file), 'utf8'));
  return { period: plan.period, obligation: plan.reporting_obligations[0] };
}

describe('reporting periods', () => {
  describe('plan 118/KH-UBND Thái Bình 2019: "ngày 20 hằng tháng"', () => {
    const { period, obligation } = loadPlan('plan-118-thai-binh-2019.json');

    it('gives every 20th within the plan period, as the fixture derives them', () => {
      const periods = reportingPeriods(obligation.recurrence, { from: period.start, to: period.end }, calendar);
      expect(periods.map((p) => p.nominalDate)).toEqual(obligation.derived_due_dates);
      expect(periods.map((p) => p.periodId)).toEqual(['2019-12', '2020-01', '2020-02', '2020-03', '2020-04']);
    });

    it('all five 20ths are working days (20/01/2020 is before the Tết window), due at the end of the day', () => {
      const periods = reportingPeriods(obligation.recurrence, { from: period.start, to: period.end }, calendar);
      expect(periods.map((p) => p.dueDate)).toEqual(obligation.derived_due_dates);
      expect(periods[1]).toEqual({ periodId: '2020-01', nominalDate: '2020-01-20', dueDate: '2020-01-20', dueAt: '2020-01-20T17:00:00.000Z' });
    });

    it('with the alternative period end 2020-02-22 the list stops at 2020-02-20', () => {
      const periods = reportingPeriods(obligation.recurrence, { from: period.start, to: '2020-02-22' }, calendar);
      expect(periods.map((p) => p.nominalDate)).toEqual(['2019-12-20', '2020-01-20', '2020-02-20']);
    });
  });

  describe('plan 94/KH-UBND Bà Rịa - Vũng Tàu 2017: "trước ngày 20/11 hằng năm"', () => {
    const { period, obligation } = loadPlan('plan-94-ba-ria-vung-tau-2017.json');
    const periods = reportingPeriods(obligation.recurrence, { from: period.start, to: period.end }, calendar);

    it('gives 20/11 of 2017-2020 as nominal dates', () => {
      expect(periods.map((p) => p.nominalDate)).toEqual(obligation.derived_due_dates);
      expect(periods.map((p) => p.periodId)).toEqual(['2017', '2018', '2019', '2020']);
    });

    it('is due on the 19th, except 2017 when the 19th is a Sunday and the period ends on Monday the 20th', () => {
      expect(periods.map((p) => [p.dueDate, p.dueAt])).toEqual([
        ['2017-11-20', '2017-11-20T17:00:00.000Z'],
        ['2018-11-19', '2018-11-19T17:00:00.000Z'],
        ['2019-11-19', '2019-11-19T17:00:00.000Z'],
        ['2020-11-19', '2020-11-19T17:00:00.000Z'],
      ]);
    });
  });

  describe('monthly on "ngày 31"', () => {
    const schedule: ReportingSchedule = { kind: 'monthly', day: 31, relation: 'on' };

    it('falls on 28/02/2023 and 29/02/2024, the months\' last days', () => {
      expect(periodForId(schedule, '2023-02', calendar)).toMatchObject({ nominalDate: '2023-02-28', dueDate: '2023-02-28' });
      expect(periodForId(schedule, '2024-02', calendar)).toMatchObject({ nominalDate: '2024-02-29', dueDate: '2024-02-29' });
    });

    it('31/03/2024 is a Sunday, so it is due on Monday 01/04/2024', () => {
      expect(periodForId(schedule, '2024-03', calendar)).toEqual({
        periodId: '2024-03',
        nominalDate: '2024-03-31',
        dueDate: '2024-04-01',
        dueAt: '2024-04-01T17:00:00.000Z',
      });
    });

    it('30/04/2024 falls in the 30/4-1/5 holiday and is due on Thursday 02/05/2024', () => {
      expect(periodForId(schedule, '2024-04', calendar)).toMatchObject({ nominalDate: '2024-04-30', dueDate: '2024-05-02' });
    });

    it('a window of a whole year gives twelve periods, each in its own month', () => {
      const periods = reportingPeriods(schedule, { from: '2023-01-01', to: '2023-12-31' }, calendar);
      expect(periods.map((p) => p.periodId)).toEqual(
        ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `2023-${m}`),
      );
    });
  });

  describe('interval ("định kỳ 6 tháng")', () => {
    const schedule: ReportingSchedule = { kind: 'interval', everyMonths: 6, anchor: '2020-08-31', relation: 'on' };

    it('counts from the anchor in both directions, clamping to month ends, within the window', () => {
      const periods = reportingPeriods(schedule, { from: '2020-01-01', to: '2021-12-31' }, calendar);
      expect(periods.map((p) => p.nominalDate)).toEqual(['2020-02-29', '2020-08-31', '2021-02-28', '2021-08-31']);
      expect(periods.map((p) => p.periodId)).toEqual(['2020-02-29', '2020-08-31', '2021-02-28', '2021-08-31']);
      // 29/02/2020 is a Saturday, 28/02/2021 a Sunday
      expect(periods.map((p) => p.dueDate)).toEqual(['2020-03-02', '2020-08-31', '2021-03-01', '2021-08-31']);
    });

    it('knows which ids are on its series', () => {
      expect(periodForId(schedule, '2021-02-28', calendar)?.dueDate).toBe('2021-03-01');
      expect(periodForId(schedule, '2021-02-27', calendar)).toBeNull();
      expect(periodForId(schedule, '2021-05-31', calendar)).toBeNull();
    });
  });

  describe('once', () => {
    const schedule: ReportingSchedule = { kind: 'once', date: '2020-01-25', relation: 'on' };

    it('gives its one period when the date is within the window, shifted out of Tết', () => {
      expect(reportingPeriods(schedule, { from: '2020-01-01', to: '2020-12-31' }, calendar)).toEqual([
        { periodId: '2020-01-25', nominalDate: '2020-01-25', dueDate: '2020-01-30', dueAt: '2020-01-30T17:00:00.000Z' },
      ]);
      expect(reportingPeriods(schedule, { from: '2020-02-01', to: '2020-12-31' }, calendar)).toEqual([]);
    });
  });

  describe('periodForId', () => {
    const monthly: ReportingSchedule = { kind: 'monthly', day: 20, relation: 'on' };
    const yearly: ReportingSchedule = { kind: 'yearly', month: 11, day: 20, relation: 'before' };

    it('returns the same period reportingPeriods gives', () => {
      const listed = reportingPeriods(monthly, { from: '2019-11-21', to: '2020-04-22' }, calendar);
      for (const period of listed) expect(periodForId(monthly, period.periodId, calendar)).toEqual(period);
      expect(periodForId(yearly, '2021', calendar)).toMatchObject({ nominalDate: '2021-11-20', dueDate: '2021-11-19' });
    });

    it.each([
      ['monthly', monthly, '2019-13'],
      ['monthly', monthly, '2019-12-20'],
      ['monthly', monthly, '2019-1'],
      ['yearly', yearly, '2019-11'],
      ['yearly', yearly, '9999'],
      ['once', { kind: 'once', date: '2020-01-25', relation: 'on' } as ReportingSchedule, '2020-01-26'],
    ])('a %s schedule does not produce %#: %s', (_kind, schedule, id) => {
      expect(periodForId(schedule, id, calendar)).toBeNull();
    });
  });

  it('refuses a schedule no plan could mean, and an inverted window', () => {
    expect(() => reportingPeriods({ kind: 'monthly', day: 32, relation: 'on' }, { from: '2020-01-01', to: '2020-12-31' }, calendar)).toThrow(/day/);
    expect(() => reportingPeriods({ kind: 'yearly', month: 2, day: 30, relation: 'on' }, { from: '2020-01-01', to: '2020-12-31' }, calendar)).toThrow(/day/);
    expect(() => reportingPeriods({ kind: 'interval', everyMonths: 0, anchor: '2020-01-01', relation: 'on' }, { from: '2020-01-01', to: '2020-12-31' }, calendar)).toThrow(/everyMonths/);
    expect(() => reportingPeriods({ kind: 'monthly', day: 20, relation: 'on' }, { from: '2020-12-31', to: '2020-01-01' }, calendar)).toThrow(RangeError);
  });

  it('a yearly 29/02 falls on 28/02 in common years', () => {
    const periods = reportingPeriods({ kind: 'yearly', month: 2, day: 29, relation: 'on' }, { from: '2023-01-01', to: '2024-12-31' }, calendar);
    expect(periods.map((p) => p.nominalDate)).toEqual(['2023-02-28', '2024-02-29']);
  });
});
