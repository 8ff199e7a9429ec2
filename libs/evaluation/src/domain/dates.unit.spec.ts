import { addYears, endOfLocalDay, formatDateVi, isLocalDate, localDateOf } from './dates';

describe('calendar dates of the evaluation domain (Asia/Ho_Chi_Minh, UTC+7)', () => {
  it('a Vietnamese day starts at 17:00 UTC the day before', () => {
    expect(localDateOf(new Date('2019-01-14T16:59:59.999Z'))).toBe('2019-01-14');
    expect(localDateOf(new Date('2019-01-14T17:00:00.000Z'))).toBe('2019-01-15');
    expect(endOfLocalDay('2025-06-30').toISOString()).toBe('2025-06-30T16:59:59.999Z');
  });

  it('one year of transformation ends on the same date a year later; 29/02 falls on 28/02 in a common year', () => {
    expect(addYears('2018-01-15', 1)).toBe('2019-01-15');
    expect(addYears('2020-02-29', 1)).toBe('2021-02-28');
    expect(addYears('2020-02-29', 4)).toBe('2024-02-29');
  });

  it('accepts only real dates written YYYY-MM-DD, and writes them d/m/yyyy for Vietnamese readers', () => {
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2023-02-29')).toBe(false);
    expect(isLocalDate('2025-7-1')).toBe(false);
    expect(formatDateVi('2025-07-01')).toBe('01/07/2025');
  });
});
