import { dueDateOf } from './deadlines';
import { STATUS_CLASSES, STATUS_LABELS_VI, dueSoonFrom, statusClass } from './status-class';
import { type CalendarAmendment, vietnamCalendar } from './working-calendar';

const calendar = vietnamCalendar();
// Named for Saturday 20/11/2021, due at the end of Monday 22/11/2021 (17:00Z).
const { dueAt } = dueDateOf('2021-11-20', calendar);
const at = (iso: string): Date => new Date(iso);

describe('status classes', () => {
  it('has the Vietnamese labels users expect', () => {
    expect(STATUS_CLASSES.map((s) => STATUS_LABELS_VI[s])).toEqual([
      'Chưa đến hạn',
      'Sắp đến hạn',
      'Quá hạn',
      'Hoàn thành đúng hạn',
      'Hoàn thành quá hạn',
      'Đã hủy',
    ]);
  });

  it('not due before the due-soon window: 3 working days before Monday 22/11 is Wednesday 17/11', () => {
    expect(dueSoonFrom(dueAt, calendar)).toBe('2021-11-16T17:00:00.000Z');
    expect(statusClass({ dueAt }, at('2021-11-16T16:59:59.999Z'), calendar)).toBe('not_due');
  });

  it('due soon from the start of that day through the weekend and the whole due day', () => {
    expect(statusClass({ dueAt }, at('2021-11-16T17:00:00.000Z'), calendar)).toBe('due_soon');
    expect(statusClass({ dueAt }, at('2021-11-20T10:00:00+07:00'), calendar)).toBe('due_soon');
    expect(statusClass({ dueAt }, at('2021-11-22T23:59:59.999+07:00'), calendar)).toBe('due_soon');
  });

  it('the due-soon window counts working days, so it skips Tết (due 30/01/2020 → due soon from Monday 20/01)', () => {
    const tet = dueDateOf('2020-01-25', calendar);
    expect(dueSoonFrom(tet.dueAt, calendar)).toBe('2020-01-19T17:00:00.000Z');
    expect(statusClass(tet, at('2020-01-19T16:59:59Z'), calendar)).toBe('not_due');
    expect(statusClass(tet, at('2020-01-27T09:00:00+07:00'), calendar)).toBe('due_soon');
  });

  it('the window size is a parameter (0 = only the due day)', () => {
    expect(statusClass({ dueAt }, at('2021-11-21T12:00:00+07:00'), calendar, 0)).toBe('not_due');
    expect(statusClass({ dueAt }, at('2021-11-22T00:00:00+07:00'), calendar, 0)).toBe('due_soon');
    expect(() => statusClass({ dueAt }, at('2021-11-22T00:00:00+07:00'), calendar, -1)).toThrow(RangeError);
  });

  it('overdue from dueAt on, while nothing is submitted', () => {
    expect(statusClass({ dueAt }, at('2021-11-22T17:00:00.000Z'), calendar)).toBe('overdue');
    expect(statusClass({ dueAt, satisfiedAt: null }, at('2022-01-01T00:00:00Z'), calendar)).toBe('overdue');
  });

  it('done on time when submitted before dueAt, even 1 ms before', () => {
    expect(statusClass({ dueAt, satisfiedAt: '2021-11-22T16:59:59.999Z' }, at('2021-12-01T00:00:00Z'), calendar)).toBe('done_on_time');
  });

  it('a report submitted exactly at dueAt is late', () => {
    expect(statusClass({ dueAt, satisfiedAt: '2021-11-23T00:00:00+07:00' }, at('2021-12-01T00:00:00Z'), calendar)).toBe('done_late');
  });

  it('cancelled wins over everything', () => {
    expect(statusClass({ dueAt, cancelled: true }, at('2021-12-01T00:00:00Z'), calendar)).toBe('cancelled');
    expect(statusClass({ dueAt, satisfiedAt: '2021-11-01T00:00:00Z', cancelled: true }, at('2021-12-01T00:00:00Z'), calendar)).toBe('cancelled');
  });

  it('as of a time before the submission, the submission does not count yet (time travel)', () => {
    const item = { dueAt, satisfiedAt: '2021-11-25T09:00:00+07:00' };
    expect(statusClass(item, at('2021-11-24T00:00:00Z'), calendar)).toBe('overdue');
    expect(statusClass(item, at('2021-11-25T02:00:00Z'), calendar)).toBe('done_late');
  });

  it('given a closed period, declaring its due day off afterwards does not change its status class', () => {
    // given a report submitted on Tuesday 23/11, late against the deadline of Monday 22/11
    const submitted = { satisfiedAt: '2021-11-23T09:00:00+07:00' };
    const before = statusClass({ ...dueDateOf('2021-11-20', calendar), ...submitted }, at('2021-12-01T00:00:00Z'), calendar);
    // when on 25/11 an administrator declares 22/11 a day off
    const late: CalendarAmendment = { date: '2021-11-22', kind: 'day_off', reason: 'Nghỉ bù', effectiveFrom: '2021-11-25T09:00:00+07:00' };
    const amended = vietnamCalendar([late]);
    const after = statusClass({ ...dueDateOf('2021-11-20', amended), ...submitted }, at('2021-12-01T00:00:00Z'), amended);
    // then the period stays late
    expect([before, after]).toEqual(['done_late', 'done_late']);
  });

  it('given an open period, declaring its due day off moves it: the same report becomes on time', () => {
    const submitted = { satisfiedAt: '2021-11-23T09:00:00+07:00' };
    const early: CalendarAmendment = { date: '2021-11-22', kind: 'day_off', reason: 'Nghỉ bù', effectiveFrom: '2021-11-15T09:00:00+07:00' };
    const amended = vietnamCalendar([early]);
    expect(statusClass({ ...dueDateOf('2021-11-20', amended), ...submitted }, at('2021-12-01T00:00:00Z'), amended)).toBe('done_on_time');
  });
});
