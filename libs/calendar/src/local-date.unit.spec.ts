import {
  addDays,
  addMonthsClamped,
  clampedDate,
  dayOfWeek,
  daysInMonth,
  endOfLocalDay,
  isInstant,
  isLocalDate,
  localDateOf,
  startOfLocalDay,
  toEpochDay,
  fromEpochDay,
} from './local-date';

describe('local dates', () => {
  it('accepts only real YYYY-MM-DD dates', () => {
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2023-02-29')).toBe(false);
    expect(isLocalDate('2023-2-1')).toBe(false);
    expect(isLocalDate('2023-13-01')).toBe(false);
    expect(isLocalDate(20230101)).toBe(false);
  });

  it('accepts as instants only full date-times with Z or an offset that name a real moment', () => {
    for (const ok of ['2020-01-21T00:00:00+07:00', '2020-01-20T17:00Z', '2020-01-21T00:00:00.123+0700', '2024-02-29T23:59:59-05:00']) {
      expect({ ok, valid: isInstant(ok) }).toEqual({ ok, valid: true });
    }
    for (const bad of ['2020-W03', '2020-021', '2020-01-21', '2020-01-21T00:00:00', '2020-02-30T00:00:00Z', '2020-01-21T24:00:00Z', '2020-01-21T00:00:00+25:00', 20200121]) {
      expect({ bad, valid: isInstant(bad) }).toEqual({ bad, valid: false });
    }
  });

  it('knows month lengths, leap years included', () => {
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2024, 4)).toBe(30);
  });

  it('clamps a day the month lacks to its last day (Civil Code art. 147)', () => {
    expect(clampedDate(2023, 2, 31)).toBe('2023-02-28');
    expect(clampedDate(2024, 2, 31)).toBe('2024-02-29');
    expect(clampedDate(2024, 4, 31)).toBe('2024-04-30');
    expect(addMonthsClamped('2020-08-31', 6)).toBe('2021-02-28');
    expect(addMonthsClamped('2020-08-31', -6)).toBe('2020-02-29');
    expect(addMonthsClamped('2020-08-31', 12)).toBe('2021-08-31');
  });

  it('does day arithmetic across month and year ends', () => {
    expect(addDays('2019-12-31', 1)).toBe('2020-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(fromEpochDay(toEpochDay('1985-01-21'))).toBe('1985-01-21');
    expect(fromEpochDay(toEpochDay('0050-06-15'))).toBe('0050-06-15');
  });

  it('converts day numbers like Date does for every day of 1800-2200', () => {
    const mismatches: number[] = [];
    for (let day = toEpochDay('1800-01-01'); day <= toEpochDay('2200-12-31'); day++) {
      const viaDate = new Date(day * 86_400_000).toISOString().slice(0, 10);
      if (fromEpochDay(day) !== viaDate || toEpochDay(viaDate) !== day) mismatches.push(day);
    }
    expect(mismatches).toEqual([]);
  });

  it('names weekdays as Date.getUTCDay does (0 = Sunday)', () => {
    expect(dayOfWeek('2021-11-20')).toBe(6);
    expect(dayOfWeek('2021-11-21')).toBe(0);
    expect(dayOfWeek('2021-11-22')).toBe(1);
  });

  it('reads the Vietnamese date of an instant at UTC+7', () => {
    expect(localDateOf('2021-11-20T16:59:59.999Z')).toBe('2021-11-20');
    expect(localDateOf('2021-11-20T17:00:00.000Z')).toBe('2021-11-21');
    expect(localDateOf(new Date('2021-11-21T00:30:00+07:00'))).toBe('2021-11-21');
    expect(localDateOf('2021-11-20T23:30:00-05:00')).toBe('2021-11-21');
  });

  it('refuses an instant without Z or an offset, which Date.parse would read in the process TZ', () => {
    expect(() => localDateOf('2021-11-20T10:00:00')).toThrow(RangeError);
    expect(() => localDateOf('2021-11-20')).toThrow(RangeError);
  });

  it('gives the local day boundaries as UTC instants', () => {
    expect(startOfLocalDay('2021-11-22')).toBe('2021-11-21T17:00:00.000Z');
    expect(endOfLocalDay('2021-11-22')).toBe('2021-11-22T17:00:00.000Z');
    expect(endOfLocalDay('2019-12-31')).toBe('2019-12-31T17:00:00.000Z');
  });
});
