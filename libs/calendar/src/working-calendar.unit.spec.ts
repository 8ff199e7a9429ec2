import { addDays } from './local-date';
import { type CalendarAmendment, vietnamCalendar } from './working-calendar';

const calendar = vietnamCalendar();

function dayOff(date: string, effectiveFrom: string, reason = 'Nghỉ theo thông báo'): CalendarAmendment {
  return { date, kind: 'day_off', reason, effectiveFrom };
}

describe('working days', () => {
  it('weekends are days off, other days working', () => {
    expect(calendar.isDayOff('2021-11-20')).toBe(true); // Saturday
    expect(calendar.isDayOff('2021-11-21')).toBe(true); // Sunday
    expect(calendar.isWorkingDay('2021-11-22')).toBe(true); // Monday
  });

  it('skips every day of the Tết 2020 window (23-29/01/2020)', () => {
    for (let date = '2020-01-23'; date <= '2020-01-29'; date = addDays(date, 1)) expect(calendar.isDayOff(date)).toBe(true);
    expect(calendar.isWorkingDay('2020-01-22')).toBe(true);
    expect(calendar.isWorkingDay('2020-01-30')).toBe(true);
  });

  it.each(['2019-01-05', '2019-05-04', '2024-05-04', '2025-04-26'])('the make-up Saturday %s is a working day', (date) => {
    expect(calendar.isWorkingDay(date)).toBe(true);
    expect(calendar.dayInfo(date)).toMatchObject({ working: true, source: 'make_up_working_day' });
  });

  it('the weekday exchanged for a make-up Saturday is off (Monday 29/4/2024)', () => {
    expect(calendar.isDayOff('2024-04-29')).toBe(true);
    expect(calendar.isWorkingDay('2024-04-27')).toBe(false); // an ordinary Saturday stays off
  });

  it('explains a day off in Vietnamese', () => {
    expect(calendar.dayInfo('2020-01-25')).toEqual({ date: '2020-01-25', working: false, reason: 'Tết Nguyên đán', source: 'holiday' });
    expect(calendar.dayInfo('2021-11-21')).toMatchObject({ reason: 'Chủ nhật', source: 'weekend' });
    expect(calendar.dayInfo('2021-11-22')).toMatchObject({ reason: null, source: 'weekday' });
  });
});

describe('working-day arithmetic', () => {
  it('next and previous working day skip weekends and holidays', () => {
    expect(calendar.nextWorkingDay('2021-11-19')).toBe('2021-11-22');
    expect(calendar.previousWorkingDay('2021-11-22')).toBe('2021-11-19');
    expect(calendar.nextWorkingDay('2020-01-22')).toBe('2020-01-30');
  });

  it('shiftToWorkingDay keeps a working day and moves a day off forward', () => {
    expect(calendar.shiftToWorkingDay('2021-11-22')).toBe('2021-11-22');
    expect(calendar.shiftToWorkingDay('2021-11-20')).toBe('2021-11-22');
    expect(calendar.shiftToWorkingDay('2019-01-05')).toBe('2019-01-05'); // make-up Saturday
  });

  it('adds working days across Tết, forwards and backwards', () => {
    // Tết Giáp Thìn: days off 08-14/02/2024
    expect(calendar.addWorkingDays('2024-02-07', 1)).toBe('2024-02-15');
    expect(calendar.addWorkingDays('2024-02-07', 3)).toBe('2024-02-19');
    expect(calendar.addWorkingDays('2024-02-15', -1)).toBe('2024-02-07');
    expect(calendar.addWorkingDays('2024-02-19', -3)).toBe('2024-02-07');
    // Tết Canh Tý: days off 23-29/01/2020
    expect(calendar.addWorkingDays('2020-01-22', 1)).toBe('2020-01-30');
    expect(calendar.addWorkingDays('2020-01-30', -3)).toBe('2020-01-20');
  });

  it('counts a make-up Saturday as a working day in arithmetic', () => {
    // Friday 03/5/2024 + 1 working day = make-up Saturday 04/5/2024
    expect(calendar.addWorkingDays('2024-05-03', 1)).toBe('2024-05-04');
    expect(calendar.workingDaysBetween('2024-05-03', '2024-05-06')).toBe(2);
  });

  it('adding 0 keeps the date, even a day off; from a day off, +1 is the next working day', () => {
    expect(calendar.addWorkingDays('2021-11-20', 0)).toBe('2021-11-20');
    expect(calendar.addWorkingDays('2021-11-20', 1)).toBe('2021-11-22');
    expect(calendar.addWorkingDays('2021-11-20', -1)).toBe('2021-11-19');
  });

  it('workingDaysBetween is the inverse of addWorkingDays', () => {
    expect(calendar.workingDaysBetween('2020-01-22', '2020-01-30')).toBe(1);
    expect(calendar.workingDaysBetween('2020-01-30', '2020-01-22')).toBe(-1);
    expect(calendar.workingDaysBetween('2021-11-22', '2021-11-22')).toBe(0);
    const starts = ['2019-12-30', '2020-01-21', '2024-02-07', '2024-04-26', '2025-01-24'];
    for (const start of starts) {
      for (let n = -12; n <= 12; n++) {
        const end = calendar.addWorkingDays(start, n);
        expect(calendar.addWorkingDays(start, calendar.workingDaysBetween(start, end))).toBe(end);
        if (calendar.isWorkingDay(start)) expect(calendar.workingDaysBetween(start, end)).toBe(n);
      }
    }
  });

  it('refuses a fractional number of working days', () => {
    expect(() => calendar.addWorkingDays('2021-11-22', 1.5)).toThrow(RangeError);
  });
});

describe('amendments', () => {
  it('given an administrator declares a day off, the calendar follows; as known before the declaration it does not', () => {
    // given
    const amended = vietnamCalendar([dayOff('2021-11-22', '2021-11-10T09:00:00+07:00')]);
    // then
    expect(amended.isDayOff('2021-11-22')).toBe(true);
    expect(amended.dayInfo('2021-11-22')).toMatchObject({ source: 'amendment', reason: 'Nghỉ theo thông báo' });
    expect(amended.asKnownAt('2021-11-10T01:59:59.999Z').isWorkingDay('2021-11-22')).toBe(true);
    expect(amended.asKnownAt('2021-11-10T02:00:00.000Z').isDayOff('2021-11-22')).toBe(true); // effectiveFrom <= T applies
  });

  it('a declared working day makes a Saturday a working day (làm bù announced late)', () => {
    const amended = vietnamCalendar([{ date: '2026-01-10', kind: 'working_day', reason: 'Làm bù', effectiveFrom: '2025-12-01T00:00:00Z' }]);
    expect(amended.isWorkingDay('2026-01-10')).toBe(true);
    expect(amended.addWorkingDays('2026-01-09', 1)).toBe('2026-01-10');
  });

  it('an administrator can correct the day next to 2/9/2026 when it is announced', () => {
    // given the table assumes 03/9 (Thursday); the announcement picks 01/9 (Tuesday)
    const declared = '2026-06-01T08:00:00+07:00';
    const amended = vietnamCalendar([
      { date: '2026-09-03', kind: 'working_day', reason: 'Ngày liền kề Quốc khánh là 01/9', effectiveFrom: declared },
      { date: '2026-09-01', kind: 'day_off', reason: 'Quốc khánh (ngày liền kề 01/9)', effectiveFrom: declared },
    ]);
    // then
    expect(calendar.isDayOff('2026-09-03')).toBe(true);
    expect(amended.isWorkingDay('2026-09-03')).toBe(true);
    expect(amended.isDayOff('2026-09-01')).toBe(true);
  });

  it('the latest declaration for a date wins, whatever the list order', () => {
    const amended = vietnamCalendar([
      { date: '2021-11-22', kind: 'working_day', reason: 'Hủy ngày nghỉ', effectiveFrom: '2021-11-12T00:00:00Z' },
      dayOff('2021-11-22', '2021-11-10T00:00:00Z'),
    ]);
    expect(amended.isWorkingDay('2021-11-22')).toBe(true);
    expect(amended.asKnownAt('2021-11-11T00:00:00Z').isDayOff('2021-11-22')).toBe(true);
  });

  it('lists only the amendments known at the cut, oldest declaration first', () => {
    const later = dayOff('2021-12-01', '2021-11-20T00:00:00Z');
    const earlier = dayOff('2021-11-22', '2021-11-10T00:00:00Z');
    const amended = vietnamCalendar([later, earlier]);
    expect(amended.amendments).toEqual([earlier, later]);
    expect(amended.asKnownAt(new Date('2021-11-15T00:00:00Z')).amendments).toEqual([earlier]);
    expect(amended.asKnownAt(new Date('2021-11-15T00:00:00Z')).knownAt).toBe('2021-11-15T00:00:00.000Z');
    expect(amended.withoutAmendments().amendments).toEqual([]);
    expect(amended.withAmendments([dayOff('2021-12-02', '2021-11-21T00:00:00Z')]).amendments).toHaveLength(3);
  });

  it('refuses a malformed amendment, naming the field', () => {
    expect(() => vietnamCalendar([dayOff('2023-02-29', '2023-01-01T00:00:00Z')])).toThrow(/date/);
    expect(() => vietnamCalendar([dayOff('2023-02-28', '2023-01-01 08:00')])).toThrow(/effectiveFrom/);
    expect(() => vietnamCalendar([{ ...dayOff('2023-02-28', '2023-01-01T00:00:00Z'), reason: ' ' }])).toThrow(/reason/);
    expect(() =>
      vietnamCalendar([{ date: '2023-02-28', kind: 'holiday' as 'day_off', reason: 'x', effectiveFrom: '2023-01-01T00:00:00Z' }]),
    ).toThrow(/kind/);
  });

  it('refuses dates outside the years it can compute', () => {
    expect(() => calendar.isWorkingDay('1700-01-01')).toThrow(RangeError);
  });
});
