import { Module } from '@nestjs/common';
import { OBLIGATION_DEADLINES } from './application/obligation-deadlines';
import { TaskingReader } from './application/tasking-reader';
import { RegisterAgencyHandler } from './application/register-agency/register-agency.handler';
import {
  RecordAgencySuccessionHandler,
  RecordAgencySuccessionsHandler,
} from './application/record-agency-succession/record-agency-succession.handler';
import { AgencySuccessionLock } from './infrastructure/agency-succession-lock';
import { IssuePlanHandler } from './application/issue-plan/issue-plan.handler';
import { AssignTaskHandler } from './application/assign-task/assign-task.handler';
import { SubmitReportHandler } from './application/submit-report/submit-report.handler';
import { ReviewReportHandler } from './application/review-report/review-report.handler';
import { RequestExtensionHandler } from './application/request-extension/request-extension.handler';
import { DecideExtensionHandler } from './application/decide-extension/decide-extension.handler';
import { ReassignTaskHandler } from './application/reassign-task/reassign-task.handler';
import { CompleteTaskHandler } from './application/complete-task/complete-task.handler';
import { CancelTaskHandler } from './application/cancel-task/cancel-task.handler';
import { GetTaskHandler } from './application/get-task/get-task.handler';
import { PlanImporter } from './application/import-plan/plan-importer';
import { CalendarObligationDeadlines } from './infrastructure/calendar-obligation-deadlines';
import { CalendarStreams } from './infrastructure/calendar-streams';

export const TASKING_COMMAND_HANDLERS = [
  RegisterAgencyHandler,
  RecordAgencySuccessionHandler,
  RecordAgencySuccessionsHandler,
  IssuePlanHandler,
  AssignTaskHandler,
  SubmitReportHandler,
  ReviewReportHandler,
  RequestExtensionHandler,
  DecideExtensionHandler,
  ReassignTaskHandler,
  CompleteTaskHandler,
  CancelTaskHandler,
];
export const TASKING_QUERY_HANDLERS = [GetTaskHandler];

/**
 * Agencies, plans, tasks, reports and extensions. Needs the global PlatformModule,
 * EventStoreModule and `CqrsModule.forRoot()` of the app that imports it.
 */
@Module({
  providers: [
    ...TASKING_COMMAND_HANDLERS,
    ...TASKING_QUERY_HANDLERS,
    TaskingReader,
    AgencySuccessionLock,
    PlanImporter,
    CalendarStreams,
    // Deadlines on the calendar with the days declared up to each command's time (calendar-<year> streams).
    { provide: OBLIGATION_DEADLINES, inject: [CalendarStreams], useFactory: (streams: CalendarStreams) => new CalendarObligationDeadlines(streams) },
  ],
  exports: [...TASKING_COMMAND_HANDLERS, ...TASKING_QUERY_HANDLERS, TaskingReader, PlanImporter, OBLIGATION_DEADLINES],
})
export class TaskingModule {}
