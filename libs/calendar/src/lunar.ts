/**
 * The Vietnamese lunisolar calendar (âm lịch), computed astronomically.
 *
 * A reimplementation of Hồ Ngọc Đức's published algorithm ("Thuật toán tính âm lịch",
 * https://www.informatik.uni-leipzig.de/~duc/amlich/calrules.html), which follows the rules of
 * the Chinese calendar but takes new moons and solar terms at UTC+7, as Vietnam's official
 * calendar has done since the 1967 reform (hence Tết 1968 differs from China's). The new-moon
 * and sun-longitude formulas are the truncated series from Jean Meeus, "Astronomical
 * Algorithms", as Đức's page gives them; for 1800-2199 they decide the day of a new moon
 * correctly except in rare cases very close to midnight, which Đức's published tables share.
 *
 * We implement it rather than depend on a package because no well-kept npm package computes
 * Vietnamese (UTC+7) lunar dates: the Chinese-calendar packages use UTC+8 and give a different
 * Tết in some years (1985: Vietnam 21/01, China 20/02). The tests pin it against the known
 * Tết dates and check that every day round-trips.
 */
import type { LocalDate } from './reporting-schedule';
import { fromEpochDay, splitLocalDate, toEpochDay } from './local-date';

export interface LunarDate {
  /** The lunar year; lunar month 1 of `year` begins at Tết of the Gregorian year `year`. */
  year: number;
  /** 1-12 */
  month: number;
  /** 1-30 */
  day: number;
  /** True for the intercalary month (tháng nhuận) that repeats `month`. */
  leap: boolean;
}

export const VIETNAM_LUNAR_TIME_ZONE = 7;
const FIRST_SUPPORTED_YEAR = 1800;
const LAST_SUPPORTED_YEAR = 2199;

const JULIAN_DAY_OF_UNIX_EPOCH = 2_440_588;
/** Julian day number of the new moon of 1900-01-01, the origin of the lunation count `k`. */
const NEW_MOON_EPOCH_JD = 2_415_021.076_998_695;
const SYNODIC_MONTH = 29.530_588_853;

/** The Gregorian date of a lunar date (Vietnamese calendar unless another `timeZone` is given). */
export function lunarToSolar(lunar: LunarDate, timeZone = VIETNAM_LUNAR_TIME_ZONE): LocalDate {
  const { year, month, day, leap } = lunar;
  assertSupportedYear(year);
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`lunar month must be 1-12, got ${month}`);
  const [a11, b11] = month < 11
    ? [lunarMonth11(year - 1, timeZone), lunarMonth11(year, timeZone)]
    : [lunarMonth11(year, timeZone), lunarMonth11(year + 1, timeZone)];
  const k = Math.floor(0.5 + (a11 - NEW_MOON_EPOCH_JD) / SYNODIC_MONTH);
  let offset = month - 11;
  if (offset < 0) offset += 12;
  if (b11 - a11 > 365) {
    // A 13-month year: months from the leap month on sit one lunation later.
    const leapOffset = leapMonthOffset(a11, timeZone);
    let leapMonth = leapOffset - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) throw new RangeError(`lunar year ${year} has no leap month ${month}`);
    if (leap || offset >= leapOffset) offset += 1;
  } else if (leap) {
    throw new RangeError(`lunar year ${year} has no leap month`);
  }
  const monthStart = newMoonDay(k + offset, timeZone);
  const monthLength = newMoonDay(k + offset + 1, timeZone) - monthStart;
  if (!Number.isInteger(day) || day < 1 || day > monthLength) {
    throw new RangeError(`lunar month ${month}${leap ? ' (leap)' : ''} of ${year} has ${monthLength} days, got day ${day}`);
  }
  return fromJulianDay(monthStart + day - 1);
}

/** The lunar date of a Gregorian date (Vietnamese calendar unless another `timeZone` is given). */
export function solarToLunar(date: LocalDate, timeZone = VIETNAM_LUNAR_TIME_ZONE): LunarDate {
  const [gregorianYear] = splitLocalDate(date);
  assertSupportedYear(gregorianYear);
  const dayNumber = toJulianDay(date);
  const k = Math.floor((dayNumber - NEW_MOON_EPOCH_JD) / SYNODIC_MONTH);
  let monthStart = newMoonDay(k + 1, timeZone);
  if (monthStart > dayNumber) monthStart = newMoonDay(k, timeZone);

  // Month 11 always contains the winter solstice; the year is counted between two months 11.
  let a11 = lunarMonth11(gregorianYear, timeZone);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = gregorianYear;
    a11 = lunarMonth11(gregorianYear - 1, timeZone);
  } else {
    lunarYear = gregorianYear + 1;
    b11 = lunarMonth11(gregorianYear + 1, timeZone);
  }
  const day = dayNumber - monthStart + 1;
  const diff = Math.floor((monthStart - a11) / 29);
  let leap = false;
  let month = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, timeZone);
    if (diff >= leapDiff) {
      month = diff + 10;
      if (diff === leapDiff) leap = true;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) lunarYear -= 1;
  return { year: lunarYear, month, day, leap };
}

/** Tết Nguyên đán (1st day of the 1st lunar month) of the Gregorian year `year`. */
export function lunarNewYear(year: number, timeZone = VIETNAM_LUNAR_TIME_ZONE): LocalDate {
  return lunarToSolar({ year, month: 1, day: 1, leap: false }, timeZone);
}

function assertSupportedYear(year: number): void {
  if (!Number.isInteger(year) || year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR) {
    throw new RangeError(`lunar dates are computed for ${FIRST_SUPPORTED_YEAR}-${LAST_SUPPORTED_YEAR}, got ${year}`);
  }
}

function toJulianDay(date: LocalDate): number {
  return toEpochDay(date) + JULIAN_DAY_OF_UNIX_EPOCH;
}

function fromJulianDay(julianDay: number): LocalDate {
  return fromEpochDay(julianDay - JULIAN_DAY_OF_UNIX_EPOCH);
}

/** The Julian day number of the local day on which the k-th new moon after 1900-01-01 falls. */
function newMoonDay(k: number, timeZone: number): number {
  return Math.floor(newMoonJulianDate(k) + 0.5 + timeZone / 24);
}

/** Which of the 12 30°-sectors of sun longitude (0 = spring equinox) the sun is in at the start of a local day. */
function sunLongitudeSector(julianDayNumber: number, timeZone: number): number {
  return Math.floor((sunLongitude(julianDayNumber - 0.5 - timeZone / 24) / Math.PI) * 6);
}

/** The Julian day number of the start of lunar month 11 (the month containing the winter solstice) of `year`. */
function lunarMonth11(year: number, timeZone: number): number {
  const offset = toJulianDay(`${String(year).padStart(4, '0')}-12-31`) - 2_415_021;
  const k = Math.floor(offset / SYNODIC_MONTH);
  const newMoon = newMoonDay(k, timeZone);
  // Sector 9 starts at 270°, the winter solstice: a month starting after it is month 12, not 11.
  return sunLongitudeSector(newMoon, timeZone) >= 9 ? newMoonDay(k - 1, timeZone) : newMoon;
}

/** In a 13-month year starting at month 11 `a11`, the index of the first month without a major solar term (the leap month). */
function leapMonthOffset(a11: number, timeZone: number): number {
  const k = Math.floor((a11 - NEW_MOON_EPOCH_JD) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = sunLongitudeSector(newMoonDay(k + i, timeZone), timeZone);
  let last: number;
  do {
    last = arc;
    i += 1;
    arc = sunLongitudeSector(newMoonDay(k + i, timeZone), timeZone);
  } while (arc !== last && i < 14);
  return i - 1;
}

/** Meeus' series for the Julian date (fractional, UT) of the k-th new moon after the one of 1900-01-01. */
function newMoonJulianDate(k: number): number {
  const T = k / 1236.85; // Julian centuries since 1900-01-01
  const T2 = T * T;
  const T3 = T2 * T;
  const dr = Math.PI / 180;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3; // sun's mean anomaly
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3; // moon's mean anomaly
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3; // moon's argument of latitude
  let c1 = (0.1734 - 0.000393 * T) * Math.sin(M * dr) + 0.0021 * Math.sin(2 * dr * M);
  c1 = c1 - 0.4068 * Math.sin(Mpr * dr) + 0.0161 * Math.sin(dr * 2 * Mpr);
  c1 = c1 - 0.0004 * Math.sin(dr * 3 * Mpr);
  c1 = c1 + 0.0104 * Math.sin(dr * 2 * F) - 0.0051 * Math.sin(dr * (M + Mpr));
  c1 = c1 - 0.0074 * Math.sin(dr * (M - Mpr)) + 0.0004 * Math.sin(dr * (2 * F + M));
  c1 = c1 - 0.0004 * Math.sin(dr * (2 * F - M)) - 0.0006 * Math.sin(dr * (2 * F + Mpr));
  c1 = c1 + 0.001 * Math.sin(dr * (2 * F - Mpr)) + 0.0005 * Math.sin(dr * (2 * Mpr + M));
  // ΔT (TT − UT) in days.
  const deltaT = T < -11
    ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
    : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + c1 - deltaT;
}

/** The sun's apparent longitude in radians [0, 2π) at Julian date `jdn` (UT). */
function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525; // Julian centuries since J2000.0
  const T2 = T * T;
  const dr = Math.PI / 180;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2; // mean anomaly, degrees
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2; // mean longitude, degrees
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(dr * M);
  DL = DL + (0.019993 - 0.000101 * T) * Math.sin(dr * 2 * M) + 0.00029 * Math.sin(dr * 3 * M);
  let L = (L0 + DL) * dr;
  L = L - Math.PI * 2 * Math.floor(L / (Math.PI * 2));
  return L;
}
