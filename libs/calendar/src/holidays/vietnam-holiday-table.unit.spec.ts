import { addDays, dayOfWeek, isWeekend } from '../local-date';
import { WorkingCalendar, vietnamCalendar } from '../working-calendar';
import { customaryTetWindow, hungKingsDay, nationalDayAdjacentDay, statutoryHolidayYear } from './statutory-holidays';
import { VIETNAM_HOLIDAY_TABLE } from './vietnam-holiday-table';

/** The calendar the Labor Code alone gives, without the announced table. */
const ruleOnly = new WorkingCalendar({ years: [], yearWithoutTable: statutoryHolidayYear });
const official = vietnamCalendar();

/** Weekdays given off in exchange for a make-up Saturday, and those Saturdays: the only places the table departs from the rule. */
const ANNOUNCED_SWAPS = [
  ['2018-12-31', '2019-01-05'],
  ['2019-04-29', '2019-05-04'],
  ['2024-04-29', '2024-05-04'],
  ['2025-05-02', '2025-04-26'],
];

describe('official holiday table 2017-2027', () => {
  it('has one entry per year 2017-2027, in order, with well-formed ranges', () => {
    expect(VIETNAM_HOLIDAY_TABLE.map((y) => y.year)).toEqual([2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027]);
    for (const year of VIETNAM_HOLIDAY_TABLE) {
      for (const entry of year.daysOff) {
        expect(entry.from <= entry.to).toBe(true);
        expect(entry.reason).not.toBe('');
      }
    }
  });

  it('makes up only on weekend days, in exchange for a weekday inside a day-off range of the same year', () => {
    for (const year of VIETNAM_HOLIDAY_TABLE) {
      for (const makeUp of year.makeUpWorkingDays) {
        expect(isWeekend(makeUp.date)).toBe(true);
        expect(isWeekend(makeUp.replaces)).toBe(false);
        expect(year.daysOff.some((e) => e.from <= makeUp.replaces && makeUp.replaces <= e.to)).toBe(true);
      }
    }
  });

  it('agrees with the Labor Code rule on every day of 2017-2027 except the announced swaps', () => {
    // given the rule-only calendar and the official one
    const differences: string[] = [];
    // when every day is compared
    for (let date = '2017-01-01'; date <= '2027-12-31'; date = addDays(date, 1)) {
      if (official.isWorkingDay(date) !== ruleOnly.isWorkingDay(date)) differences.push(date);
    }
    // then they differ exactly on the swapped days, which catches typing mistakes in the table
    expect(differences).toEqual(ANNOUNCED_SWAPS.flat().sort());
  });

  it.each([
    [2017, '2017-01-26', '2017-02-01'],
    [2018, '2018-02-14', '2018-02-20'],
    [2019, '2019-02-04', '2019-02-08'],
    [2020, '2020-01-23', '2020-01-29'],
    [2021, '2021-02-10', '2021-02-16'],
    [2022, '2022-01-31', '2022-02-04'],
    [2023, '2023-01-20', '2023-01-26'],
    [2024, '2024-02-08', '2024-02-14'],
    [2025, '2025-01-27', '2025-01-31'],
    [2026, '2026-02-16', '2026-02-20'],
  ])('the customary Tết rule reproduces the announced window of %i (%s to %s)', (year, from, to) => {
    expect(customaryTetWindow(year)).toMatchObject({ from, to });
  });

  it('gives every statutory holiday off in every table year', () => {
    for (let year = 2017; year <= 2027; year++) {
      const holidays = [`${year}-01-01`, hungKingsDay(year), `${year}-04-30`, `${year}-05-01`, `${year}-09-02`];
      for (const date of holidays) expect([date, official.isDayOff(date)]).toEqual([date, true]);
    }
  });

  it('picks the day next to 2/9 as the government did in 2021-2025, and only from 2021', () => {
    expect([2021, 2022, 2023, 2024, 2025].map(nationalDayAdjacentDay)).toEqual([
      '2021-09-03',
      '2022-09-01',
      '2023-09-01',
      '2024-09-03',
      '2025-09-01',
    ]);
    expect(official.isWorkingDay('2020-09-03')).toBe(true); // Labor Code 2012: 2/9 only
    expect(official.isDayOff('2021-09-03')).toBe(true);
  });
});

describe('Labor Code rule for years without a table', () => {
  it('2028: Tết (Wednesday 26/01) gives Monday 24 to Friday 28 January; 2/9 Saturday gives 1/9 and a compensatory Monday 4/9', () => {
    const year = statutoryHolidayYear(2028);
    expect(year.daysOff.find((e) => e.reason === 'Tết Nguyên đán')).toMatchObject({ from: '2028-01-24', to: '2028-01-28', basis: 'assumed' });
    expect(ruleOnly.isDayOff('2028-09-01')).toBe(true);
    expect(ruleOnly.isDayOff('2028-09-04')).toBe(true);
    expect(ruleOnly.isWorkingDay('2028-09-05')).toBe(true);
    expect(official.isDayOff('2028-01-28')).toBe(true);
  });

  it('2016 (Labor Code 2012): Tết Bính Thân gives 8-12 February, as announced then', () => {
    for (const date of ['2016-02-08', '2016-02-12']) expect(official.isDayOff(date)).toBe(true);
    expect(official.isWorkingDay('2016-02-15')).toBe(true);
    expect(dayOfWeek('2016-02-15')).toBe(1);
  });

  it('gives a compensatory day for a holiday on a weekend, after any holiday that follows (30/4/2017 Sunday → Tuesday 2/5)', () => {
    expect(ruleOnly.isDayOff('2017-05-01')).toBe(true);
    expect(ruleOnly.isDayOff('2017-05-02')).toBe(true);
    expect(ruleOnly.isWorkingDay('2017-05-03')).toBe(true);
  });
});
