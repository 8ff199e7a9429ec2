import { spec } from '@dondoc/event-store/testing';
import { admin, officer } from '../testing/follow-up.fixtures';
import { calendarDecider } from './calendar.decider';
import { CalendarCommand } from './follow-up.commands';
import { dayOffDeclared, workingDayDeclared } from './follow-up.events';

const now = '2021-11-10T03:00:00.000Z';
const declare = (type: CalendarCommand['type'], date: string, actor = admin, year = Number(date.slice(0, 4))): CalendarCommand => ({
  type,
  data: { year, date, reason: 'Theo Thông báo số 6150/TB-LĐTBXH' },
  metadata: { actor, now },
});
const data = (date: string) => ({ year: Number(date.slice(0, 4)), date, reason: 'Theo Thông báo số 6150/TB-LĐTBXH', declaredAt: now });

describe('calendar declarations (calendar-<year>)', () => {
  it('given nothing, when an administrator declares Friday 19/11/2021 off, then DayOffDeclared', () => {
    spec(calendarDecider).given([]).when(declare('DeclareDayOff', '2021-11-19')).then([dayOffDeclared(data('2021-11-19'))]);
  });

  it('given that day off, declaring it again is refused: it is already off', () => {
    spec(calendarDecider).given([dayOffDeclared(data('2021-11-19'))]).when(declare('DeclareDayOff', '2021-11-19')).thenThrows('DAY_ALREADY_OFF');
  });

  it('a make-up working Saturday (20/11/2021) is declared; a weekday is already working', () => {
    spec(calendarDecider).given([]).when(declare('DeclareWorkingDay', '2021-11-20')).then([workingDayDeclared(data('2021-11-20'))]);
    spec(calendarDecider).given([]).when(declare('DeclareWorkingDay', '2021-11-19')).thenThrows('DAY_ALREADY_WORKING');
  });

  it('a day inside the Tết 2020 window is already off', () => {
    spec(calendarDecider).given([]).when(declare('DeclareDayOff', '2020-01-27')).thenThrows('DAY_ALREADY_OFF');
  });

  it('a later working-day declaration undoes a day off', () => {
    spec(calendarDecider)
      .given([dayOffDeclared(data('2021-11-19'))])
      .when(declare('DeclareWorkingDay', '2021-11-19'))
      .then([workingDayDeclared(data('2021-11-19'))]);
  });

  it('refuses an agency officer, a date outside the year, a malformed date and an empty reason', () => {
    spec(calendarDecider).given([]).when(declare('DeclareDayOff', '2021-11-19', officer)).thenThrows('ROLE_NOT_ALLOWED');
    spec(calendarDecider).given([]).when(declare('DeclareDayOff', '2021-11-19', admin, 2022)).thenThrows('DATE_NOT_IN_YEAR');
    spec(calendarDecider).given([]).when(declare('DeclareDayOff', '2021-02-30')).thenThrows('DATE_INVALID');
    const blank = declare('DeclareDayOff', '2021-11-19');
    spec(calendarDecider).given([]).when({ ...blank, data: { ...blank.data, reason: '   ' } }).thenThrows('REASON_REQUIRED');
  });
});
