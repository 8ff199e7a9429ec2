import { ReportingSchedule } from '@dondoc/calendar/reporting-schedule';
import { LocalDate, TaskingEvent } from './tasking.types';
import { PlanPeriod } from './plan.commands';

/** Persisted event type strings of `plan-<planId>` streams: never rename. */
export const PlanEventType = {
  PlanIssued: 'PlanIssued',
} as const;

export const PLAN_EVENT_SCHEMA_VERSIONS = {
  PlanIssued: 1,
} as const;

export interface PlanIssuedData {
  planId: string;
  number: string;
  issuerAgency: string;
  issuedOn: LocalDate;
  title: string;
  period: PlanPeriod;
  objectives: string[];
  monitoringAgency: string;
  defaultReportingSchedule: ReportingSchedule | null;
  issuedAt: string;
}
export type PlanIssued = TaskingEvent<typeof PlanEventType.PlanIssued, PlanIssuedData>;

export type PlanEvent = PlanIssued;

export const planIssued = (data: PlanIssuedData): PlanIssued => ({
  type: PlanEventType.PlanIssued,
  schemaVersion: PLAN_EVENT_SCHEMA_VERSIONS.PlanIssued,
  data,
});
