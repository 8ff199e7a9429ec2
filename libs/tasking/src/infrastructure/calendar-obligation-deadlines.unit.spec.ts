import { calendarKnownAt, CalendarDeclaration, WorkingCalendar } from '@dondoc/calendar';
import { CalendarObligationDeadlines, DeclaredCalendars } from './calendar-obligation-deadlines';

const deadlines = new CalendarObligationDeadlines();
const NOW = new Date('2019-12-01T00:00:00.000Z');
const plan118 = { start: '2019-11-21', end: '2020-04-22' };
const monthly20 = { dueDate: null, reportingSchedule: { kind: 'monthly', day: 20, relation: 'on' } as const };

describe('calendar obligation deadlines', () => {
  it("gives plan 118's monthly deadlines: the end of the 20th in UTC+7, within the plan's period", async () => {
    expect(await deadlines.dueAtFor(monthly20, plan118, '2019-12', NOW)).toBe('2019-12-20T17:00:00.000Z');
    expect(await deadlines.dueAtFor(monthly20, plan118, '2020-04', NOW)).toBe('2020-04-20T17:00:00.000Z');
    expect(await deadlines.dueAtFor(monthly20, plan118, '2019-11', NOW)).toBeNull();
    expect(await deadlines.dueAtFor(monthly20, plan118, '2020-05', NOW)).toBeNull();
  });

  it('moves a deadline on a weekend to the end of the next working day (Civil Code art. 148)', async () => {
    // 20/6/2020 was a Saturday.
    expect(await deadlines.dueAtFor(monthly20, { start: '2020-01-01', end: null }, '2020-06', NOW)).toBe('2020-06-22T17:00:00.000Z');
  });

  it('has no period for ids the schedule does not produce', async () => {
    expect(await deadlines.dueAtFor(monthly20, plan118, '2020', NOW)).toBeNull();
    expect(await deadlines.dueAtFor(monthly20, plan118, 'due', NOW)).toBeNull();
    expect(await deadlines.dueAtFor(monthly20, plan118, 'nonsense', NOW)).toBeNull();
    expect(await deadlines.dueAtFor({ dueDate: null, reportingSchedule: null }, plan118, '2019-12', NOW)).toBeNull();
  });

  it('gives the one-off due date as period `due`', async () => {
    // 15/1/2020 was a Wednesday.
    expect(await deadlines.dueAtFor({ dueDate: '2020-01-15', reportingSchedule: null }, plan118, 'due', NOW)).toBe('2020-01-15T17:00:00.000Z');
  });

  it('reads "trước ngày 20/11" as due by the end of 19/11', async () => {
    const yearly = { dueDate: null, reportingSchedule: { kind: 'yearly', month: 11, day: 20, relation: 'before' } as const };
    // 19/11/2018 was a Monday.
    expect(await deadlines.dueAtFor(yearly, { start: '2017-09-06', end: '2020-12-31' }, '2018', NOW)).toBe('2018-11-19T17:00:00.000Z');
  });

  it('gives the instant an extended date passes', async () => {
    expect(await deadlines.dueAtOfDate('2019-12-27', NOW)).toBe('2019-12-27T17:00:00.000Z');
    // 28/12/2019 was a Saturday: the end of Monday 30/12.
    expect(await deadlines.dueAtOfDate('2019-12-28', NOW)).toBe('2019-12-30T17:00:00.000Z');
  });

  describe('with declared days', () => {
    // 20/12/2019 was a Friday; Thursday 19 and Friday 20 declared off on 10 December.
    const declared: CalendarDeclaration[] = [
      { type: 'DayOffDeclared', data: { date: '2019-12-19', reason: 'Nghỉ bù', declaredAt: '2019-12-10T02:00:00.000Z' } },
      { type: 'DayOffDeclared', data: { date: '2019-12-20', reason: 'Nghỉ bù', declaredAt: '2019-12-10T02:00:00.000Z' } },
    ];
    const asked: { years: readonly number[]; knownAt: Date }[] = [];
    const calendars: DeclaredCalendars = {
      calendarKnownAt: async (years, knownAt): Promise<WorkingCalendar> => {
        asked.push({ years, knownAt });
        return calendarKnownAt(declared, knownAt);
      },
    };
    const amended = new CalendarObligationDeadlines(calendars);

    it('moves the deadline for a command after the declaration, and asks for the years around the nominal date', async () => {
      asked.length = 0;
      const after = new Date('2019-12-21T02:00:00.000Z');
      expect(await amended.dueAtFor(monthly20, plan118, '2019-12', after)).toBe('2019-12-23T17:00:00.000Z');
      expect(asked).toEqual([{ years: [2018, 2019, 2020], knownAt: after }]);
      expect(await amended.dueAtOfDate('2019-12-19', after)).toBe('2019-12-23T17:00:00.000Z');
    });

    it('does not use a declaration not yet made at the command\'s time', async () => {
      const before = new Date('2019-12-09T02:00:00.000Z');
      expect(await amended.dueAtFor(monthly20, plan118, '2019-12', before)).toBe('2019-12-20T17:00:00.000Z');
    });

    it('asks for no calendar when the period lies outside the plan', async () => {
      asked.length = 0;
      expect(await amended.dueAtFor(monthly20, plan118, '2019-11', new Date('2019-12-21T02:00:00.000Z'))).toBeNull();
      expect(asked).toEqual([]);
    });
  });
});
