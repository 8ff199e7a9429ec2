import { ReportingSchedule } from '@dondoc/calendar/reporting-schedule';
import { LocalDate, TaskingCommand } from './tasking.types';

/** The period a plan covers; `end` is null when the plan states none (e.g. plan 1875). */
export interface PlanPeriod {
  start: LocalDate;
  end: LocalDate | null;
}

export type IssuePlan = TaskingCommand<
  'IssuePlan',
  {
    planId: string;
    /** As printed, e.g. `118/KH-UBND`. */
    number: string;
    issuerAgency: string;
    issuedOn: LocalDate;
    title: string;
    period: PlanPeriod;
    objectives: string[];
    /** Follows up the plan (theo dõi, kiểm tra, đôn đốc), e.g. `CA_TINH`. */
    monitoringAgency: string;
    /** The plan's reporting regime; tasks assigned without a schedule or due date take it. */
    defaultReportingSchedule: ReportingSchedule | null;
  }
>;

export type PlanCommand = IssuePlan;
