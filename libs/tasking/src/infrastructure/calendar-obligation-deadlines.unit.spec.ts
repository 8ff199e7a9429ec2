import { CalendarObligationDeadlines } from './calendar-obligation-deadlines';

const deadlines = new CalendarObligationDeadlines();
const plan118 = { start: '2019-11-21', end: '2020-04-22' };
const monthly20 = { dueDate: null, reportingSchedule: { kind: 'monthly', day: 20, relation: 'on' } as const };

describe('calendar obligation deadlines', () => {
  it("gives plan 118's monthly deadlines: the end of the 20th in UTC+7, within the plan's period", () => {
    expect(deadlines.dueAtFor(monthly20, plan118, '2019-12')).toBe('2019-12-20T17:00:00.000Z');
    expect(deadlines.dueAtFor(monthly20, plan118, '2020-04')).toBe('2020-04-20T17:00:00.000Z');
    expect(deadlines.dueAtFor(monthly20, plan118, '2019-11')).toBeNull();
    expect(deadlines.dueAtFor(monthly20, plan118, '2020-05')).toBeNull();
  });

  it('moves a deadline on a weekend to the end of the next working day (Civil Code art. 148)', () => {
    // 20/6/2020 was a Saturday.
    expect(deadlines.dueAtFor(monthly20, { start: '2020-01-01', end: null }, '2020-06')).toBe('2020-06-22T17:00:00.000Z');
  });

  it('has no period for ids the schedule does not produce', () => {
    expect(deadlines.dueAtFor(monthly20, plan118, '2020')).toBeNull();
    expect(deadlines.dueAtFor(monthly20, plan118, 'due')).toBeNull();
    expect(deadlines.dueAtFor(monthly20, plan118, 'nonsense')).toBeNull();
    expect(deadlines.dueAtFor({ dueDate: null, reportingSchedule: null }, plan118, '2019-12')).toBeNull();
  });

  it('gives the one-off due date as period `due`', () => {
    // 15/1/2020 was a Wednesday.
    expect(deadlines.dueAtFor({ dueDate: '2020-01-15', reportingSchedule: null }, plan118, 'due')).toBe('2020-01-15T17:00:00.000Z');
  });

  it('reads "trước ngày 20/11" as due by the end of 19/11', () => {
    const yearly = { dueDate: null, reportingSchedule: { kind: 'yearly', month: 11, day: 20, relation: 'before' } as const };
    // 19/11/2018 was a Monday.
    expect(deadlines.dueAtFor(yearly, { start: '2017-09-06', end: '2020-12-31' }, '2018')).toBe('2018-11-19T17:00:00.000Z');
  });

  it('gives the instant an extended date passes', () => {
    expect(deadlines.dueAtOfDate('2019-12-27')).toBe('2019-12-27T17:00:00.000Z');
    // 28/12/2019 was a Saturday: the end of Monday 30/12.
    expect(deadlines.dueAtOfDate('2019-12-28')).toBe('2019-12-30T17:00:00.000Z');
  });
});
