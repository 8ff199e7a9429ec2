import {
  amendmentOfDeclaration,
  CalendarDeclaration,
  calendarKnownAt,
  calendarOfAmendments,
  calendarStreamId,
  declarationYears,
  isCalendarDeclaration,
} from './calendar-declarations';
import { dueDateOf } from './deadlines';
import { dueSoonFrom } from './status-class';
import { vietnamCalendar } from './working-calendar';

const dayOff = (date: string, declaredAt: string, reason = 'Nghỉ bù theo Thông báo của UBND tỉnh'): CalendarDeclaration => ({
  type: 'DayOffDeclared',
  data: { date, reason, declaredAt },
});
const workingDay = (date: string, declaredAt: string, reason = 'Làm bù'): CalendarDeclaration => ({
  type: 'WorkingDayDeclared',
  data: { date, reason, declaredAt },
});

/**
 * The fold every context uses for "the calendar with the declarations known at T"
 * (tasking's command handlers, the task board, the reminders): given declarations, when the
 * calendar is asked as known at an instant, then deadlines are these.
 */
describe('calendarKnownAt: the calendar with the declarations known at an instant', () => {
  // Friday 19 November 2021, Saturday 20, Sunday 21, Monday 22.
  const friday19Off = dayOff('2021-11-19', '2021-11-10T02:00:00.000Z');

  it('given no declarations, then it is the official calendar (one shared instance)', () => {
    const calendar = calendarKnownAt([]);
    expect(calendar).toBe(calendarKnownAt([], '2021-11-10T00:00:00.000Z'));
    expect(calendar.amendments).toEqual([]);
    expect(dueDateOf('2021-11-20', calendar).dueDate).toBe('2021-11-22');
    expect(dueDateOf('2021-11-19', calendar).dueAt).toBe('2021-11-19T17:00:00.000Z');
  });

  it('given a day off declared before the deadline passed, when known after the declaration, then the deadline moves to the end of the next working day', () => {
    const calendar = calendarKnownAt([friday19Off], '2021-11-15T00:00:00.000Z');
    expect(calendar.isDayOff('2021-11-19')).toBe(true);
    expect(calendar.dayInfo('2021-11-19')).toMatchObject({ source: 'amendment', reason: 'Nghỉ bù theo Thông báo của UBND tỉnh' });
    expect(dueDateOf('2021-11-19', calendar)).toEqual({ nominalDate: '2021-11-19', dueDate: '2021-11-22', dueAt: '2021-11-22T17:00:00.000Z' });
  });

  it('given the same day off, when known before it was declared, then it does not count', () => {
    const calendar = calendarKnownAt([friday19Off], '2021-11-09T23:59:59.999Z');
    expect(calendar.isWorkingDay('2021-11-19')).toBe(true);
    expect(dueDateOf('2021-11-19', calendar).dueDate).toBe('2021-11-19');
  });

  it('given every declaration (knownAt null), then all of them count', () => {
    const calendar = calendarKnownAt([friday19Off, dayOff('2021-11-22', '2021-11-12T02:00:00.000Z')]);
    expect(dueDateOf('2021-11-19', calendar).dueDate).toBe('2021-11-23');
  });

  it('given a day off declared after the deadline had passed, then that closed deadline keeps its date', () => {
    // Declared on Saturday 20/11, after the end of Friday 19/11: the period had closed.
    const late = dayOff('2021-11-19', '2021-11-20T02:00:00.000Z');
    const calendar = calendarKnownAt([late], '2021-11-25T00:00:00.000Z');
    expect(calendar.isDayOff('2021-11-19')).toBe(true);
    expect(dueDateOf('2021-11-19', calendar).dueAt).toBe('2021-11-19T17:00:00.000Z');
    // A deadline still open then (Saturday 20th, so Monday 22nd) is not concerned by the 19th.
    expect(dueDateOf('2021-11-20', calendar).dueDate).toBe('2021-11-22');
  });

  it('given a make-up working Saturday, then a deadline on that Saturday stays on it and it counts as a working day', () => {
    const calendar = calendarKnownAt([workingDay('2021-11-20', '2021-11-01T02:00:00.000Z')], '2021-11-02T00:00:00.000Z');
    expect(dueDateOf('2021-11-20', calendar).dueAt).toBe('2021-11-20T17:00:00.000Z');
    expect(calendar.addWorkingDays('2021-11-19', 1)).toBe('2021-11-20');
  });

  it('given a day declared off and later declared working again, then the later declaration wins', () => {
    const calendar = calendarKnownAt([workingDay('2021-11-19', '2021-11-12T02:00:00.000Z', 'Hủy nghỉ bù'), friday19Off]);
    expect(calendar.isWorkingDay('2021-11-19')).toBe(true);
    expect(dueDateOf('2021-11-19', calendar).dueDate).toBe('2021-11-19');
  });

  it('given the declarations in any order, then the calendar is the same (they are ordered by declaration time)', () => {
    const a = dayOff('2021-11-19', '2021-11-10T02:00:00.000Z');
    const b = dayOff('2021-11-22', '2021-11-11T02:00:00.000Z');
    const forward = calendarKnownAt([a, b]);
    const backward = calendarKnownAt([b, a]);
    expect(dueDateOf('2021-11-19', backward)).toEqual(dueDateOf('2021-11-19', forward));
    expect(dueSoonFrom('2021-11-24T17:00:00.000Z', backward)).toBe(dueSoonFrom('2021-11-24T17:00:00.000Z', forward));
  });

  it('given amendments already taken out of their declarations, then calendarOfAmendments folds them the same way', () => {
    const declarations = [friday19Off, workingDay('2021-11-27', '2021-11-10T03:00:00.000Z')];
    const fromAmendments = calendarOfAmendments(declarations.map(amendmentOfDeclaration), '2021-11-15T00:00:00.000Z');
    const fromDeclarations = calendarKnownAt(declarations, '2021-11-15T00:00:00.000Z');
    expect(fromAmendments.amendments).toEqual(fromDeclarations.amendments);
    expect(dueDateOf('2021-11-19', fromAmendments)).toEqual(dueDateOf('2021-11-19', fromDeclarations));
    // On a calendar of the caller's own: the declarations apply on top of it.
    const official = vietnamCalendar();
    expect(calendarOfAmendments([], null, official)).toBe(official);
    expect(calendarOfAmendments([amendmentOfDeclaration(friday19Off)], null, official).isDayOff('2021-11-19')).toBe(true);
  });
});

describe('declarations as recorded', () => {
  it('are the amendments they make, effective from the moment they were declared', () => {
    expect(amendmentOfDeclaration(dayOff('2021-11-19', '2021-11-10T02:00:00.000Z'))).toEqual({
      date: '2021-11-19',
      kind: 'day_off',
      reason: 'Nghỉ bù theo Thông báo của UBND tỉnh',
      effectiveFrom: '2021-11-10T02:00:00.000Z',
    });
    expect(amendmentOfDeclaration(workingDay('2021-11-27', '2021-11-10T02:00:00.000Z')).kind).toBe('working_day');
    expect(isCalendarDeclaration({ type: 'WorkingDayDeclared' })).toBe(true);
    expect(isCalendarDeclaration({ type: 'ReportSubmitted' })).toBe(false);
    expect(calendarStreamId(2021)).toBe('calendar-2021');
  });

  it("are read from the years around a deadline's date, on the Vietnamese calendar for instants", () => {
    expect(declarationYears('2021-12-31')).toEqual([2020, 2021, 2022]);
    // 18:00Z on 31/12/2021 is already 1/1/2022 in Hà Nội.
    expect(declarationYears('2021-12-31T18:00:00.000Z')).toEqual([2021, 2022, 2023]);
    expect(declarationYears('2021-06-01', '2022-06-01')).toEqual([2020, 2021, 2022, 2023]);
  });
});
