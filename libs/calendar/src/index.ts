/**
 * @dondoc/calendar: the Vietnamese working calendar, reporting schedules and their deadlines.
 * Pure: no framework, database or clock; every instant comes in as an argument.
 */
export type { DueRelation, LocalDate, ReportingPeriod, ReportingSchedule } from './reporting-schedule';
export {
  VIETNAM_UTC_OFFSET_HOURS,
  addDays,
  addMonthsClamped,
  assertLocalDate,
  compareLocalDates,
  dayOfWeek,
  canonicalInstantMs,
  daysInMonth,
  endOfLocalDay,
  isInstant,
  isLocalDate,
  isWeekend,
  localDateOf,
  startOfLocalDay,
} from './local-date';
export { type LunarDate, VIETNAM_LUNAR_TIME_ZONE, lunarNewYear, lunarToSolar, solarToLunar } from './lunar';
export type { DayOffEntry, HolidayDataBasis, HolidayYear, MakeUpWorkingDayEntry } from './holidays/holiday-year';
export { VIETNAM_HOLIDAY_TABLE } from './holidays/vietnam-holiday-table';
export {
  LABOR_CODE_2019_FIRST_YEAR,
  customaryTetWindow,
  hungKingsDay,
  nationalDayAdjacentDay,
  statutoryHolidayYear,
} from './holidays/statutory-holidays';
export {
  type CalendarAmendment,
  type CalendarAmendmentKind,
  type CalendarBase,
  type DayInfo,
  FIRST_CALENDAR_YEAR,
  LAST_CALENDAR_YEAR,
  VIETNAM_CALENDAR_BASE,
  WorkingCalendar,
  type WorkingCalendarOptions,
  amendmentProblems,
  vietnamCalendar,
} from './working-calendar';
export { type Deadline, deadlineFor, dueDateOf, lastNominalDay, settledDueDate } from './deadlines';
export {
  CALENDAR_DECLARATION_TYPES,
  type CalendarDeclaration,
  type CalendarDeclarationType,
  amendmentOfDeclaration,
  calendarKnownAt,
  calendarOfAmendments,
  calendarStreamId,
  declarationYears,
  isCalendarDeclaration,
} from './calendar-declarations';
export { type ReportingWindow, assertSchedule, periodForId, reportingPeriods } from './reporting-periods';
export {
  DEFAULT_DUE_SOON_WORKING_DAYS,
  STATUS_CLASSES,
  STATUS_LABELS_VI,
  type StatusClass,
  type StatusInput,
  dueSoonFrom,
  statusClass,
} from './status-class';
