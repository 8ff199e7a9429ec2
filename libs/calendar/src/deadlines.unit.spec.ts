import { deadlineFor, dueDateOf } from './deadlines';
import { type CalendarAmendment, vietnamCalendar } from './working-calendar';

const calendar = vietnamCalendar();

function dayOff(date: string, effectiveFrom: string): CalendarAmendment {
  return { date, kind: 'day_off', reason: 'Nghỉ theo thông báo của Thủ tướng', effectiveFrom };
}

describe('deadlines (Civil Code 2015 art. 147-148)', () => {
  it('a deadline on Saturday 20 November 2021 moves to the end of Monday 22 November 2021', () => {
    expect(dueDateOf('2021-11-20', calendar)).toEqual({
      nominalDate: '2021-11-20',
      dueDate: '2021-11-22',
      dueAt: '2021-11-22T17:00:00.000Z',
    });
  });

  it('a deadline on 25 January 2020, inside the Tết holiday 23-29/01/2020, moves to 30 January 2020', () => {
    expect(dueDateOf('2020-01-25', calendar)).toMatchObject({ dueDate: '2020-01-30', dueAt: '2020-01-30T17:00:00.000Z' });
  });

  it('a deadline on a working day stays, and is due at the end of that day in Vietnam', () => {
    expect(dueDateOf('2021-11-19', calendar)).toMatchObject({ dueDate: '2021-11-19', dueAt: '2021-11-19T17:00:00.000Z' });
  });

  it('a deadline on a make-up Saturday stays on that Saturday', () => {
    expect(dueDateOf('2019-05-04', calendar).dueDate).toBe('2019-05-04');
  });

  it('"trước ngày 20/11": the last on-time day is the 19th, shifted when the 19th is a day off', () => {
    expect(deadlineFor('2019-11-20', 'before', calendar)).toMatchObject({ nominalDate: '2019-11-20', dueDate: '2019-11-19' });
    // 19/11/2017 is a Sunday: the period ends on the next working day, Monday 20/11/2017 (art. 148)
    expect(deadlineFor('2017-11-20', 'before', calendar)).toMatchObject({ dueDate: '2017-11-20' });
  });

  describe('amending the calendar', () => {
    const declaredWhileOpen = '2021-11-15T09:00:00+07:00';
    const declaredAfterClose = '2021-11-25T09:00:00+07:00';

    it('given an open deadline, when a day off is declared on its due day, then the deadline moves to the next working day', () => {
      const amended = vietnamCalendar([dayOff('2021-11-22', declaredWhileOpen)]);
      expect(dueDateOf('2021-11-20', amended)).toMatchObject({ dueDate: '2021-11-23', dueAt: '2021-11-23T17:00:00.000Z' });
    });

    it('given the same amendment, the calendar as known before it keeps the old deadline', () => {
      const amended = vietnamCalendar([dayOff('2021-11-22', declaredWhileOpen)]);
      expect(dueDateOf('2021-11-20', amended.asKnownAt('2021-11-14T00:00:00Z')).dueDate).toBe('2021-11-22');
    });

    it('given a deadline that had passed, a later declaration of a day off on its due day does not move it', () => {
      const amended = vietnamCalendar([dayOff('2021-11-22', declaredAfterClose)]);
      expect(amended.isDayOff('2021-11-22')).toBe(true); // the calendar fact changes…
      expect(dueDateOf('2021-11-20', amended).dueDate).toBe('2021-11-22'); // …the closed deadline does not
    });

    it('a declaration exactly at the deadline instant finds it closed', () => {
      const amended = vietnamCalendar([dayOff('2021-11-22', '2021-11-22T17:00:00Z')]);
      expect(dueDateOf('2021-11-20', amended).dueDate).toBe('2021-11-22');
      const oneMsEarlier = vietnamCalendar([dayOff('2021-11-22', '2021-11-22T16:59:59.999Z')]);
      expect(dueDateOf('2021-11-20', oneMsEarlier).dueDate).toBe('2021-11-23');
    });

    it('replays declarations in order: the second one finds the moved deadline already closed', () => {
      // given 22/11 declared off while open (deadline → 23/11), then 23/11 declared off on 24/11, after 23/11 had closed
      const amended = vietnamCalendar([
        dayOff('2021-11-23', '2021-11-24T08:00:00+07:00'),
        dayOff('2021-11-22', declaredWhileOpen),
      ]);
      expect(dueDateOf('2021-11-20', amended).dueDate).toBe('2021-11-23');
      // a task due on 23/11 had closed too, so it stays
      expect(dueDateOf('2021-11-23', amended).dueDate).toBe('2021-11-23');
      // the calendar as known on 24/11 09:00 has both days off, which moves a deadline named 22/11 that is only computed now
      expect(amended.asKnownAt('2021-11-24T02:00:00Z').shiftToWorkingDay('2021-11-22')).toBe('2021-11-24');
    });

    it('an amendment outside the days that decide the shift changes nothing', () => {
      const amended = vietnamCalendar([dayOff('2021-11-24', declaredWhileOpen)]);
      expect(dueDateOf('2021-11-20', amended).dueDate).toBe('2021-11-22');
    });
  });
});
