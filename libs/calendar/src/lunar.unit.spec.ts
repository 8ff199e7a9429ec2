import { lunarNewYear, lunarToSolar, solarToLunar } from './lunar';
import { addDays } from './local-date';

describe('Vietnamese lunar calendar (Hồ Ngọc Đức algorithm, UTC+7)', () => {
  it.each([
    [2017, '2017-01-28'],
    [2018, '2018-02-16'],
    [2019, '2019-02-05'],
    [2020, '2020-01-25'],
    [2021, '2021-02-12'],
    [2022, '2022-02-01'],
    [2023, '2023-01-22'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
  ])('Tết %i falls on %s', (year, tet) => {
    expect(lunarNewYear(year)).toBe(tet);
  });

  it.each([
    // Years where new moons near midnight put Tết on another day in Vietnam (UTC+7) than in China (UTC+8).
    [1968, '1968-01-29', '1968-01-30'],
    [1985, '1985-01-21', '1985-02-20'],
    [2007, '2007-02-17', '2007-02-18'],
  ])('Tết %i is %s in Vietnam, %s in China', (year, vietnam, china) => {
    expect(lunarNewYear(year)).toBe(vietnam);
    expect(lunarNewYear(year, 8)).toBe(china);
  });

  it.each([
    [2017, '2017-04-06'],
    [2018, '2018-04-25'],
    [2019, '2019-04-14'],
    [2020, '2020-04-02'],
    [2021, '2021-04-21'],
    [2022, '2022-04-10'],
    [2023, '2023-04-29'],
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
  ])('Giỗ Tổ Hùng Vương (10/3 lunar) %i falls on %s', (year, date) => {
    expect(lunarToSolar({ year, month: 3, day: 10, leap: false })).toBe(date);
  });

  it('knows leap months (2020: 4, 2023: 2, 2025: 6)', () => {
    expect(solarToLunar('2020-05-23')).toEqual({ year: 2020, month: 4, day: 1, leap: true });
    expect(solarToLunar('2023-03-22')).toEqual({ year: 2023, month: 2, day: 1, leap: true });
    expect(lunarToSolar({ year: 2025, month: 6, day: 1, leap: true })).toBe('2025-07-25');
    expect(() => lunarToSolar({ year: 2024, month: 6, day: 1, leap: true })).toThrow(RangeError);
  });

  it('matches the plan 118 fixture: lunar month 3 of Canh Tý ends on 2020-04-22, month 1 on 2020-02-22', () => {
    expect(solarToLunar('2020-04-22')).toEqual({ year: 2020, month: 3, day: 30, leap: false });
    expect(solarToLunar('2020-02-22')).toEqual({ year: 2020, month: 1, day: 29, leap: false });
  });

  it('the last day of the lunar year is the day before Tết', () => {
    const lastDay = solarToLunar(addDays(lunarNewYear(2024), -1));
    expect(lastDay).toMatchObject({ year: 2023, month: 12 });
    expect([29, 30]).toContain(lastDay.day);
  });

  it('round-trips every day of 1995-2035, with months of 29 or 30 days', () => {
    let previous = solarToLunar('1994-12-31');
    for (let date = '1995-01-01'; date <= '2035-12-31'; date = addDays(date, 1)) {
      const lunar = solarToLunar(date);
      expect(lunarToSolar(lunar)).toBe(date);
      if (lunar.day === 1) {
        expect([29, 30]).toContain(previous.day);
      } else {
        expect(lunar.day).toBe(previous.day + 1);
      }
      previous = lunar;
    }
  });

  it('refuses a day the lunar month lacks and years outside 1800-2199', () => {
    // Lunar month 12 of 2024 (Giáp Thìn) has 29 days: Tết Ất Tỵ is 2025-01-29.
    expect(() => lunarToSolar({ year: 2024, month: 12, day: 30, leap: false })).toThrow(RangeError);
    expect(() => lunarNewYear(1700)).toThrow(RangeError);
  });
});
