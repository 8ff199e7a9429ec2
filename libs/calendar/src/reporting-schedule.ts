/**
 * Reporting schedules as the plans write them (see fixtures/README.md, "Recurrence objects").
 * Shared contract between tasking (what a task demands) and the calendar (when it is due).
 */

/** A calendar date in Asia/Ho_Chi_Minh, `YYYY-MM-DD`. */
export type LocalDate = string;

/**
 * `on`: due on that day, late if received after it ("ngày 20 hằng tháng").
 * `before`: due strictly before that day, late if received on or after it ("trước ngày 20/11").
 */
export type DueRelation = 'on' | 'before';

export type ReportingSchedule =
  /** Every month on `day` (1-31; a day the month lacks falls on its last day). */
  | { kind: 'monthly'; day: number; relation: DueRelation }
  /** Every year on `day`/`month` (29/02 falls on 28/02 in common years). */
  | { kind: 'yearly'; month: number; day: number; relation: DueRelation }
  /**
   * Every `everyMonths` months counted from `anchor` (6 = "định kỳ 6 tháng"). The anchor is itself
   * one of the nominal dates and the series runs both ways from it (anchor ± k·everyMonths, a day
   * the month lacks falling on its last day); the window passed to `reportingPeriods` picks which.
   */
  | { kind: 'interval'; everyMonths: number; anchor: LocalDate; relation: DueRelation }
  /** One report on one date. */
  | { kind: 'once'; date: LocalDate; relation: DueRelation };

/** One period of a reporting obligation: its id, the date the plan names, and the instant it is due. */
export interface ReportingPeriod {
  /** Stable id, e.g. `2019-12` (monthly), `2020` (yearly), `2020-11-20` (interval, once). */
  periodId: string;
  /** The date the schedule names, before any shift for days off ("ngày 31" in February is already the 28th/29th here). */
  nominalDate: LocalDate;
  /** The last working day on which a report is on time (after the Civil Code art. 148 shift). */
  dueDate: LocalDate;
  /** ISO instant: the end of `dueDate` in Asia/Ho_Chi_Minh; a report at or after it is late. */
  dueAt: string;
}
