/**
 * Public holidays as the Labor Code defines them, for years the official table does not cover.
 *
 * - Labor Code 2019 (45/2019/QH14) art. 112, from 2021: 1/1; Tết Nguyên đán 5 days; Giỗ Tổ
 *   Hùng Vương 10/3 lunar; 30/4; 1/5; 2/9 plus 1/9 or 3/9.
 * - Labor Code 2012 (10/2012/QH13) art. 115, before 2021: the same with 2/9 only. It took
 *   effect on 2013-05-01; earlier years are computed with the same rule, which is close but not
 *   exact (no table exists for them here).
 * - Art. 111(3) (2019) / 110(3) (2012): a holiday on a weekly day off gives a compensatory day
 *   off on the next working day. Civil servants' weekly days off are Saturday and Sunday.
 *
 * The exact Tết window and the day next to 2/9 are chosen by the government every year; the
 * rule below reproduces every announcement of 2017-2026 (see the unit tests) and is marked
 * `assumed` for the years it is used for.
 */
import type { LocalDate } from '../reporting-schedule';
import { addDays, dayOfWeek, isWeekend, makeLocalDate } from '../local-date';
import { lunarNewYear, lunarToSolar } from '../lunar';
import type { DayOffEntry, HolidayDataBasis, HolidayYear } from './holiday-year';

/** The first year under Labor Code 2019 (2/9 gets an adjacent day). */
export const LABOR_CODE_2019_FIRST_YEAR = 2021;
const TET_WORKING_DAYS_OFF = 5;

interface SingleHoliday {
  date: LocalDate;
  reason: string;
  basis: HolidayDataBasis;
}

/** The statutory holidays of `year` with compensatory days, and the customary Tết window. */
export function statutoryHolidayYear(year: number): HolidayYear {
  const tet = customaryTetWindow(year);
  const singles = singleDayHolidays(year);
  const compensatory = compensatoryDaysOff(singles, tet);
  return {
    year,
    daysOff: [
      ...singles.map((h): DayOffEntry => ({ from: h.date, to: h.date, reason: h.reason, basis: h.basis })),
      tet,
      ...compensatory,
    ].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0)),
    makeUpWorkingDays: [],
    notes: ['Computed from the Labor Code; no government announcement recorded for this year.'],
  };
}

/** Giỗ Tổ Hùng Vương: the 10th day of the 3rd lunar month (never the leap 3rd month). */
export function hungKingsDay(year: number): LocalDate {
  return lunarToSolar({ year, month: 3, day: 10, leap: false });
}

/**
 * The Tết window as the government has drawn it every year 2017-2026: the five weekdays counted
 * from two days before Tết (mùng 1), with the weekends between them.
 */
export function customaryTetWindow(year: number): DayOffEntry {
  const tet = lunarNewYear(year);
  const weekdays: LocalDate[] = [];
  for (let day = addDays(tet, -2); weekdays.length < TET_WORKING_DAYS_OFF; day = addDays(day, 1)) {
    if (!isWeekend(day)) weekdays.push(day);
  }
  return {
    from: weekdays[0],
    to: weekdays[weekdays.length - 1],
    reason: 'Tết Nguyên đán',
    basis: 'assumed',
  };
}

/**
 * The day next to 2/9 (Labor Code 2019). The government has picked the one that joins 2/9 to a
 * weekend: Mon→3/9 (2024), Tue→1/9 (2025), Thu→3/9 (2021), Fri→1/9 (2022), Sat→1/9 (2023).
 * For Wednesday and Sunday there is no precedent; 3/9 is our assumption.
 */
export function nationalDayAdjacentDay(year: number): LocalDate {
  const weekday = dayOfWeek(makeLocalDate(year, 9, 2));
  const takesFirst = weekday === 2 || weekday === 5 || weekday === 6; // Tue, Fri, Sat
  return makeLocalDate(year, 9, takesFirst ? 1 : 3);
}

function singleDayHolidays(year: number): SingleHoliday[] {
  const holidays: SingleHoliday[] = [
    { date: makeLocalDate(year, 1, 1), reason: 'Tết Dương lịch', basis: 'statutory' },
    { date: hungKingsDay(year), reason: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', basis: 'statutory' },
    { date: makeLocalDate(year, 4, 30), reason: 'Ngày Chiến thắng (30/4)', basis: 'statutory' },
    { date: makeLocalDate(year, 5, 1), reason: 'Ngày Quốc tế Lao động (1/5)', basis: 'statutory' },
    { date: makeLocalDate(year, 9, 2), reason: 'Quốc khánh (2/9)', basis: 'statutory' },
  ];
  if (year >= LABOR_CODE_2019_FIRST_YEAR) {
    holidays.push({ date: nationalDayAdjacentDay(year), reason: 'Quốc khánh (ngày liền kề 2/9)', basis: 'assumed' });
  }
  return holidays.sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** One compensatory day per holiday on a weekend: the next weekday that is neither a holiday nor already given. */
function compensatoryDaysOff(holidays: readonly SingleHoliday[], tet: DayOffEntry): DayOffEntry[] {
  const taken = new Set(holidays.map((h) => h.date));
  for (let day = tet.from; day <= tet.to; day = addDays(day, 1)) taken.add(day);
  const compensatory: DayOffEntry[] = [];
  for (const holiday of holidays) {
    if (!isWeekend(holiday.date)) continue;
    let day = addDays(holiday.date, 1);
    while (isWeekend(day) || taken.has(day)) day = addDays(day, 1);
    taken.add(day);
    compensatory.push({ from: day, to: day, reason: `Nghỉ bù ${holiday.reason}`, basis: holiday.basis });
  }
  return compensatory;
}
