/**
 * Official days off and make-up working days for civil servants (cán bộ, công chức, viên chức),
 * 2017-2027, as the government announced them each year (the Prime Minister's decision,
 * published by the Ministry of Labour, Invalids and Social Affairs, and since 2025 by the
 * Ministry of Home Affairs).
 *
 * This is data, not logic: when the government announces a year, an administrator declares
 * the differences as calendar amendments (events), and a developer may later fold them in
 * here. Entries marked `assumed` were not known when this table was written (see basis).
 * The unit tests check that every year here agrees with the Labor Code rule except for the
 * listed swaps, which catches typing mistakes.
 */
import type { HolidayYear } from './holiday-year';

const TET_DUONG_LICH = 'Tết Dương lịch';
const TET_NGUYEN_DAN = 'Tết Nguyên đán';
const GIO_TO = 'Giỗ Tổ Hùng Vương (10/3 âm lịch)';
const REUNIFICATION_AND_LABOUR_DAY = 'Ngày Chiến thắng (30/4) và Ngày Quốc tế Lao động (1/5)';
const NATIONAL_DAY = 'Quốc khánh (2/9)';

export const VIETNAM_HOLIDAY_TABLE: readonly HolidayYear[] = [
  {
    year: 2017,
    daysOff: [
      { from: '2016-12-31', to: '2017-01-02', reason: `${TET_DUONG_LICH} (nghỉ bù thứ Hai 02/01)`, basis: 'announced' },
      { from: '2017-01-26', to: '2017-02-01', reason: TET_NGUYEN_DAN, basis: 'announced' },
      { from: '2017-04-06', to: '2017-04-06', reason: GIO_TO, basis: 'statutory' },
      { from: '2017-04-29', to: '2017-05-02', reason: `${REUNIFICATION_AND_LABOUR_DAY} (nghỉ bù thứ Ba 02/5)`, basis: 'announced' },
      { from: '2017-09-02', to: '2017-09-04', reason: `${NATIONAL_DAY} (nghỉ bù thứ Hai 04/9)`, basis: 'announced' },
    ],
    makeUpWorkingDays: [],
  },
  {
    year: 2018,
    daysOff: [
      { from: '2017-12-30', to: '2018-01-01', reason: TET_DUONG_LICH, basis: 'statutory' },
      { from: '2018-02-14', to: '2018-02-20', reason: TET_NGUYEN_DAN, basis: 'announced' },
      { from: '2018-04-25', to: '2018-04-25', reason: GIO_TO, basis: 'statutory' },
      { from: '2018-04-28', to: '2018-05-01', reason: REUNIFICATION_AND_LABOUR_DAY, basis: 'statutory' },
      { from: '2018-09-01', to: '2018-09-03', reason: `${NATIONAL_DAY} (nghỉ bù thứ Hai 03/9)`, basis: 'announced' },
    ],
    makeUpWorkingDays: [],
  },
  {
    year: 2019,
    daysOff: [
      { from: '2018-12-29', to: '2019-01-01', reason: `${TET_DUONG_LICH} (hoán đổi thứ Hai 31/12/2018)`, basis: 'announced' },
      { from: '2019-02-02', to: '2019-02-10', reason: TET_NGUYEN_DAN, basis: 'announced' },
      { from: '2019-04-13', to: '2019-04-15', reason: `${GIO_TO} (nghỉ bù thứ Hai 15/4)`, basis: 'announced' },
      { from: '2019-04-27', to: '2019-05-01', reason: `${REUNIFICATION_AND_LABOUR_DAY} (hoán đổi thứ Hai 29/4)`, basis: 'announced' },
      { from: '2019-08-31', to: '2019-09-02', reason: NATIONAL_DAY, basis: 'statutory' },
    ],
    makeUpWorkingDays: [
      { date: '2019-01-05', replaces: '2018-12-31', reason: 'Làm bù cho thứ Hai 31/12/2018 (Tết Dương lịch 2019)', basis: 'announced' },
      { date: '2019-05-04', replaces: '2019-04-29', reason: 'Làm bù cho thứ Hai 29/4/2019 (dịp 30/4 - 1/5)', basis: 'announced' },
    ],
  },
  {
    year: 2020,
    daysOff: [
      { from: '2020-01-01', to: '2020-01-01', reason: TET_DUONG_LICH, basis: 'statutory' },
      { from: '2020-01-23', to: '2020-01-29', reason: TET_NGUYEN_DAN, basis: 'announced' },
      { from: '2020-04-02', to: '2020-04-02', reason: GIO_TO, basis: 'statutory' },
      { from: '2020-04-30', to: '2020-05-03', reason: REUNIFICATION_AND_LABOUR_DAY, basis: 'statutory' },
      { from: '2020-09-02', to: '2020-09-02', reason: NATIONAL_DAY, basis: 'statutory' },
    ],
    makeUpWorkingDays: [],
  },
  {
    year: 2021,
    daysOff: [
      { from: '2021-01-01', to: '2021-01-03', reason: TET_DUONG_LICH, basis: 'statutory' },
      { from: '2021-02-10', to: '2021-02-16', reason: TET_NGUYEN_DAN, basis: 'announced' },
      { from: '2021-04-21', to: '2021-04-21', reason: GIO_TO, basis: 'statutory' },
      { from: '2021-04-30', to: '2021-05-03', reason: `${REUNIFICATION_AND_LABOUR_DAY} (nghỉ bù thứ Hai 03/5)`, basis: 'announced' },
      { from: '2021-09-02', to: '2021-09-05', reason: `${NATIONAL_DAY} và ngày liền kề 03/9`, basis: 'announced' },
    ],
    makeUpWorkingDays: [],
  },
  {
    year: 2022,
    daysOff: [
      { from: '2022-01-01', to: '2022-01-03', reason: `${TET_DUONG_LICH} (nghỉ bù thứ Hai 03/01)`, basis: 'announced' },
      { from: '2022-01-29', to: '2022-02-06', reason: TET_NGUYEN_DAN, basis: 'announced' },
      { from: '2022-04-09', to: '2022-04-11', reason: `${GIO_TO} (nghỉ bù thứ Hai 11/4)`, basis: 'announced' },
      { from: '2022-04-30', to: '2022-05-03', reason: `${REUNIFICATION_AND_LABOUR_DAY} (nghỉ bù 02/5 và 03/5)`, basis: 'announced' },
      { from: '2022-09-01', to: '2022-09-04', reason: `${NATIONAL_DAY} và ngày liền kề 01/9`, basis: 'announced' },
    ],
    makeUpWorkingDays: [],
  },
  {
    year: 2023,
    daysOff: [
      { from: '2022-12-31', to: '2023-01-02', reason: `${TET_DUONG_LICH} (nghỉ bù thứ Hai 02/01)`, basis: 'announced' },
      { from: '2023-01-20', to: '2023-01-26', reason: TET_NGUYEN_DAN, basis: 'announced' },
      { from: '2023-04-29', to: '2023-05-03', reason: `${GIO_TO}, ${REUNIFICATION_AND_LABOUR_DAY} (nghỉ bù 02/5 và 03/5)`, basis: 'announced' },
      { from: '2023-09-01', to: '2023-09-04', reason: `${NATIONAL_DAY} và ngày liền kề 01/9 (nghỉ bù thứ Hai 04/9)`, basis: 'announced' },
    ],
    makeUpWorkingDays: [],
  },
  {
    year: 2024,
    daysOff: [
      { from: '2023-12-30', to: '2024-01-01', reason: TET_DUONG_LICH, basis: 'statutory' },
      { from: '2024-02-08', to: '2024-02-14', reason: TET_NGUYEN_DAN, basis: 'announced' },
      { from: '2024-04-18', to: '2024-04-18', reason: GIO_TO, basis: 'statutory' },
      { from: '2024-04-27', to: '2024-05-01', reason: `${REUNIFICATION_AND_LABOUR_DAY} (hoán đổi thứ Hai 29/4)`, basis: 'announced' },
      { from: '2024-08-31', to: '2024-09-03', reason: `${NATIONAL_DAY} và ngày liền kề 03/9`, basis: 'announced' },
    ],
    makeUpWorkingDays: [
      { date: '2024-05-04', replaces: '2024-04-29', reason: 'Làm bù cho thứ Hai 29/4/2024 (dịp 30/4 - 1/5)', basis: 'announced' },
    ],
  },
  {
    year: 2025,
    daysOff: [
      { from: '2025-01-01', to: '2025-01-01', reason: TET_DUONG_LICH, basis: 'statutory' },
      { from: '2025-01-25', to: '2025-02-02', reason: TET_NGUYEN_DAN, basis: 'announced' },
      { from: '2025-04-05', to: '2025-04-07', reason: `${GIO_TO} (thứ Hai 07/4)`, basis: 'statutory' },
      { from: '2025-04-30', to: '2025-05-04', reason: `${REUNIFICATION_AND_LABOUR_DAY} (hoán đổi thứ Sáu 02/5)`, basis: 'announced' },
      { from: '2025-08-30', to: '2025-09-02', reason: `${NATIONAL_DAY} và ngày liền kề 01/9`, basis: 'announced' },
    ],
    makeUpWorkingDays: [
      { date: '2025-04-26', replaces: '2025-05-02', reason: 'Làm bù cho thứ Sáu 02/5/2025 (dịp 30/4 - 1/5)', basis: 'announced' },
    ],
  },
  {
    year: 2026,
    daysOff: [
      { from: '2026-01-01', to: '2026-01-01', reason: TET_DUONG_LICH, basis: 'statutory' },
      { from: '2026-02-14', to: '2026-02-22', reason: TET_NGUYEN_DAN, basis: 'announced' },
      { from: '2026-04-25', to: '2026-04-27', reason: `${GIO_TO} (chủ nhật 26/4, nghỉ bù thứ Hai 27/4)`, basis: 'statutory' },
      { from: '2026-04-30', to: '2026-05-03', reason: REUNIFICATION_AND_LABOUR_DAY, basis: 'statutory' },
      { from: '2026-09-02', to: '2026-09-03', reason: `${NATIONAL_DAY} và ngày liền kề (giả định 03/9)`, basis: 'assumed' },
    ],
    makeUpWorkingDays: [],
    notes: [
      'Tết 2026 (14-22/02) as announced; the other entries follow the Labor Code.',
      'The day next to 2/9/2026 (a Wednesday) is assumed to be 03/9; amend when announced.',
    ],
  },
  {
    year: 2027,
    daysOff: [
      { from: '2027-01-01', to: '2027-01-03', reason: TET_DUONG_LICH, basis: 'statutory' },
      { from: '2027-02-04', to: '2027-02-10', reason: `${TET_NGUYEN_DAN} (giả định)`, basis: 'assumed' },
      { from: '2027-04-16', to: '2027-04-16', reason: GIO_TO, basis: 'statutory' },
      { from: '2027-04-30', to: '2027-05-03', reason: `${REUNIFICATION_AND_LABOUR_DAY} (nghỉ bù thứ Hai 03/5)`, basis: 'statutory' },
      { from: '2027-09-02', to: '2027-09-05', reason: `${NATIONAL_DAY} và ngày liền kề (giả định 03/9)`, basis: 'assumed' },
    ],
    makeUpWorkingDays: [],
    notes: [
      'Not announced when this table was written: Tết (Saturday 06/02/2027) is assumed to follow 2020 and 2024 (Thursday to Wednesday), and 03/9 to be the day next to 2/9.',
    ],
  },
];
