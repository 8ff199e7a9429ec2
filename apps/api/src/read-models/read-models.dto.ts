import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { STATUS_CLASSES, STATUS_LABELS_VI, StatusClass } from '@dondoc/calendar';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@dondoc/projections';
import { AGENCY_CODE_PATTERN, ID_PATTERN } from '@dondoc/tasking';

/** Highest page number accepted: beyond it OFFSET paging is the wrong tool anyway. */
export const MAX_PAGE = 100_000;

const statusDescription = STATUS_CLASSES.map((s) => `\`${s}\` (${STATUS_LABELS_VI[s]})`).join(', ');

/** `true` / `false` in a query string (anything else stays as is and fails @IsBoolean). */
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

// ---- query parameters ------------------------------------------------------------------

/** `minPosition`: wait (bounded) until the read model has applied this global position. */
export class ConsistencyQueryDto {
  @ApiPropertyOptional({
    minimum: 0,
    example: 123456789,
    description:
      'The `position` a command returned: the answer waits (at most 5 s) until the read model has applied it; ' +
      '`consistency.reached` says whether it had.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  minPosition?: number;
}

export class PagingQueryDto extends ConsistencyQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;
}

export class TaskListQueryDto extends PagingQueryDto {
  @ApiPropertyOptional({ pattern: ID_PATTERN.source, example: 'plan-118-thai-binh-2019' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'planId chỉ gồm chữ, số, _ . : - (tối đa 128 ký tự)' })
  planId?: string;

  @ApiPropertyOptional({
    pattern: AGENCY_CODE_PATTERN.source,
    example: 'SO_Y_TE',
    description: 'Tasks this agency leads (chủ trì) or coordinates (phối hợp), with those of the agencies whose work has passed to it by asOf ' +
      '(POST /agencies/{code}/succession). Agency officers: their own agency (the default) or one of its predecessors.',
  })
  @IsOptional()
  @Matches(AGENCY_CODE_PATTERN, { message: 'agency phải là mã cơ quan: chữ in hoa, số, dấu _ (2–64 ký tự)' })
  agency?: string;

  @ApiPropertyOptional({ enum: STATUS_CLASSES, description: `Status class at the time of the query: ${statusDescription}` })
  @IsOptional()
  @IsIn(STATUS_CLASSES, { message: `status phải là một trong: ${STATUS_CLASSES.join(', ')}` })
  status?: StatusClass;
}

export class ObligationListQueryDto extends PagingQueryDto {
  @ApiPropertyOptional({ pattern: ID_PATTERN.source, example: 'plan-118-thai-binh-2019' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'planId chỉ gồm chữ, số, _ . : - (tối đa 128 ký tự)' })
  planId?: string;

  @ApiPropertyOptional({
    pattern: AGENCY_CODE_PATTERN.source,
    example: 'SO_Y_TE',
    description: 'The agency that owes the report (the lead agency), with the agencies whose work has passed to it by asOf. ' +
      'Agency officers: their own agency (the default) or one of its predecessors.',
  })
  @IsOptional()
  @Matches(AGENCY_CODE_PATTERN, { message: 'agency phải là mã cơ quan: chữ in hoa, số, dấu _ (2–64 ký tự)' })
  agency?: string;

  @ApiPropertyOptional({ type: Boolean, description: '`true`: due and not met at the time of the query; `false`: the others' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'overdue phải là true hoặc false' })
  overdue?: boolean;
}

// ---- responses -------------------------------------------------------------------------

export class ConsistencyDto {
  @ApiProperty({ description: 'Lowest checkpoint (global position) among the read models the answer read' })
  position: number;

  @ApiProperty({ type: Number, nullable: true, description: 'The minPosition asked for, or null' })
  minPosition: number | null;

  @ApiProperty({ description: 'true when the read models had applied minPosition before answering (always true without one)' })
  reached: boolean;
}

/** What every read answers besides its data. */
export class ReadMetaDto {
  @ApiProperty({ example: '2019-12-21T02:00:00.000Z', description: 'The clock time the status classes were computed for' })
  asOf: string;

  @ApiProperty({ type: ConsistencyDto })
  consistency: ConsistencyDto;
}

export class StatusLabelsDto {
  @ApiProperty({ example: STATUS_LABELS_VI.not_due }) not_due: string;
  @ApiProperty({ example: STATUS_LABELS_VI.due_soon }) due_soon: string;
  @ApiProperty({ example: STATUS_LABELS_VI.overdue }) overdue: string;
  @ApiProperty({ example: STATUS_LABELS_VI.done_on_time }) done_on_time: string;
  @ApiProperty({ example: STATUS_LABELS_VI.done_late }) done_late: string;
  @ApiProperty({ example: STATUS_LABELS_VI.cancelled }) cancelled: string;
}

export class StatusCountsDto {
  @ApiProperty() not_due: number;
  @ApiProperty() due_soon: number;
  @ApiProperty() overdue: number;
  @ApiProperty() done_on_time: number;
  @ApiProperty() done_late: number;
  @ApiProperty() cancelled: number;
}

class NextDeadlineDto {
  @ApiProperty({ example: '2019-12' }) periodId: string;
  @ApiProperty({ example: '2019-12-20T17:00:00.000Z', description: 'a report from this instant on is late' }) dueAt: string;
  @ApiProperty({ description: 'from this instant the task is "sắp đến hạn"' }) dueSoonAt: string;
}

class LastReportDto {
  @ApiProperty() reportId: string;
  @ApiProperty() periodId: string;
  @ApiProperty() submittedAt: string;
  @ApiProperty({ enum: ['submitted', 'accepted', 'returned'] }) status: string;
  @ApiProperty() late: boolean;
  @ApiProperty({ type: Number, nullable: true }) progressPercent: number | null;
}

class TaskObligationCountsDto {
  @ApiProperty() total: number;
  @ApiProperty() satisfied: number;
  @ApiProperty() late: number;
}

class TaskExtensionCountsDto {
  @ApiProperty() pending: number;
  @ApiProperty() granted: number;
}

export class TaskItemDto {
  @ApiProperty() taskId: string;
  @ApiProperty() planId: string;
  @ApiProperty({ type: String, nullable: true, example: '118/KH-UBND' }) planNumber: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ example: 'UBND_HUYEN_X', description: 'the agency the task was given to (chủ trì), as recorded' }) leadAgency: string;
  @ApiProperty({ type: [String] }) coordinatingAgencies: string[];
  @ApiProperty({
    example: 'UBND_TINH',
    description: 'the agency that answers for the task at asOf: leadAgency, or its successor once a succession (POST /agencies/{code}/succession) is effective',
  })
  shownAgency: string;
  @ApiProperty({ type: [String], description: 'coordinatingAgencies as they stand at asOf (successors; the shown lead left out)' })
  shownCoordinatingAgencies: string[];
  @ApiProperty({ type: String, nullable: true }) sourceRef: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2020-03-31' }) dueDate: string | null;
  @ApiProperty({ type: String, nullable: true }) dueAt: string | null;
  @ApiProperty({ nullable: true, description: 'the reporting schedule, e.g. {"kind":"monthly","day":20,"relation":"on"}' })
  reportingSchedule: unknown;
  @ApiProperty() assignedAt: string;
  @ApiProperty({ enum: STATUS_CLASSES }) status: StatusClass;
  @ApiProperty({ example: 'Quá hạn' }) statusLabel: string;
  @ApiProperty({ enum: ['active', 'completed', 'cancelled'] }) lifecycle: string;
  @ApiProperty({ type: String, nullable: true }) completedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) cancelledAt: string | null;
  @ApiProperty({ type: String, nullable: true }) cancelReason: string | null;
  @ApiProperty({ type: NextDeadlineDto, nullable: true, description: 'the earliest open obligation' }) nextDeadline: NextDeadlineDto | null;
  @ApiProperty({ type: LastReportDto, nullable: true }) lastReport: LastReportDto | null;
  @ApiProperty({ type: TaskObligationCountsDto }) obligations: TaskObligationCountsDto;
  @ApiProperty({ type: TaskExtensionCountsDto }) extensions: TaskExtensionCountsDto;
  @ApiProperty() reassignments: number;
  @ApiProperty() reminderCount: number;
  @ApiProperty({ description: 'the task stream version the board reflects (send it in If-Match)' }) streamVersion: number;
}

export class TaskPageDto extends ReadMetaDto {
  @ApiProperty({ type: [TaskItemDto] }) items: TaskItemDto[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty({ description: 'items matching the filter, all pages' }) total: number;
  @ApiProperty({ type: StatusLabelsDto }) statusLabels: StatusLabelsDto;
}

class ObligationExtensionDto {
  @ApiProperty() extensionId: string;
  @ApiProperty({ enum: ['requested', 'granted', 'refused'] }) status: string;
}

export class ObligationItemDto {
  @ApiProperty() taskId: string;
  @ApiProperty({ example: '2019-12', description: '`YYYY-MM`, `YYYY`, `YYYY-MM-DD`, or `due` (the task due date)' }) periodId: string;
  @ApiProperty() planId: string;
  @ApiProperty({ description: 'the agency that owes the report, as recorded' }) agency: string;
  @ApiProperty({ description: 'the agency that answers for it at asOf (its successor once a succession is effective)' }) shownAgency: string;
  @ApiProperty({ type: String, nullable: true }) taskTitle: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2019-12-20', description: 'the day the schedule names' }) nominalDate: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the due day after moving off days off (and after an extension)' })
  dueDate: string | null;
  @ApiProperty({ description: 'a report from this instant on is late' }) dueAt: string;
  @ApiProperty({ description: 'before any extension' }) originalDueAt: string;
  @ApiProperty({ enum: STATUS_CLASSES }) status: StatusClass;
  @ApiProperty({ example: 'Hoàn thành đúng hạn' }) statusLabel: string;
  @ApiProperty({ description: 'due and not met at asOf' }) overdue: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'when it was met (report submitted, or task completed)' }) submittedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) reportId: string | null;
  @ApiProperty({ type: Boolean, nullable: true }) late: boolean | null;
  @ApiProperty({ type: String, nullable: true }) acceptedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) returnedAt: string | null;
  @ApiProperty() returns: number;
  @ApiProperty({ type: ObligationExtensionDto, nullable: true }) extension: ObligationExtensionDto | null;
}

export class ObligationPageDto extends ReadMetaDto {
  @ApiProperty({ type: [ObligationItemDto] }) items: ObligationItemDto[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
  @ApiProperty({ type: StatusLabelsDto }) statusLabels: StatusLabelsDto;
}

class AgencyPeriodDto {
  @ApiProperty({ description: 'the agency as it stands at asOf' }) agency: string;
  @ApiProperty({ type: [String], description: 'the agencies the obligations were given to (the agency and its predecessors)' })
  originalAgencies: string[];
  @ApiProperty() expected: number;
  @ApiProperty() received: number;
  @ApiProperty() late: number;
}

class PeriodProgressDto {
  @ApiProperty({ example: '2019-12' }) periodId: string;
  @ApiProperty() dueAt: string;
  @ApiProperty({ description: 'reports expected for the period' }) expected: number;
  @ApiProperty({ description: 'reports received by asOf' }) received: number;
  @ApiProperty({ description: 'of those, received late' }) late: number;
  @ApiProperty({ type: [AgencyPeriodDto], description: "per agency (an agency officer sees their own agency's row only)" })
  byAgency: AgencyPeriodDto[];
}

class PlanTaskCountsDto {
  @ApiProperty() total: number;
  @ApiProperty() active: number;
  @ApiProperty() completed: number;
  @ApiProperty() cancelled: number;
  @ApiProperty({ type: StatusCountsDto, description: 'tasks per status class at asOf' }) byStatus: StatusCountsDto;
}

class PlanReportCountsDto {
  @ApiProperty() submitted: number;
  @ApiProperty() late: number;
  @ApiProperty() accepted: number;
  @ApiProperty() returned: number;
  @ApiProperty({ description: 'obligations whose deadline has passed by asOf' }) due: number;
  @ApiProperty({ description: 'of those, met by asOf' }) received: number;
}

class PlanSpanDto {
  @ApiProperty({ type: String, nullable: true }) start: string | null;
  @ApiProperty({ type: String, nullable: true }) end: string | null;
}

export class PlanProgressDto extends ReadMetaDto {
  @ApiProperty() planId: string;
  @ApiProperty({ type: String, nullable: true, example: '118/KH-UBND' }) number: string | null;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty({ type: String, nullable: true }) issuerAgency: string | null;
  @ApiProperty({ type: String, nullable: true }) monitoringAgency: string | null;
  @ApiProperty({ type: String, nullable: true }) issuedOn: string | null;
  @ApiProperty({ type: PlanSpanDto }) period: PlanSpanDto;
  @ApiProperty({ type: PlanTaskCountsDto }) tasks: PlanTaskCountsDto;
  @ApiProperty({ type: Number, nullable: true, description: 'completed / (total − cancelled), percent' }) completionPercent: number | null;
  @ApiProperty({ type: PlanReportCountsDto }) reports: PlanReportCountsDto;
  @ApiProperty({ type: PeriodProgressDto, nullable: true, description: 'the reporting period whose deadline comes next' })
  currentPeriod: PeriodProgressDto | null;
  @ApiProperty({ type: PeriodProgressDto, nullable: true, description: 'the one whose deadline passed last' })
  previousPeriod: PeriodProgressDto | null;
  @ApiProperty({ type: String, nullable: true }) lastActivityAt: string | null;
  @ApiProperty({ type: StatusLabelsDto }) statusLabels: StatusLabelsDto;
}

class ScorecardTaskCountsDto {
  @ApiProperty({ description: 'tasks it leads (chủ trì)' }) lead: number;
  @ApiProperty() open: number;
  @ApiProperty() completed: number;
  @ApiProperty() cancelled: number;
  @ApiProperty({ description: 'tasks it coordinates (phối hợp)' }) coordinating: number;
  @ApiProperty({ description: 'tasks it leads that are overdue at asOf' }) overdue: number;
}

class ScorecardReportCountsDto {
  @ApiProperty() submitted: number;
  @ApiProperty() late: number;
  @ApiProperty() accepted: number;
  @ApiProperty() returned: number;
  @ApiProperty({ description: 'obligations whose deadline has passed by asOf' }) due: number;
  @ApiProperty({ description: 'of those, met by asOf' }) received: number;
  @ApiProperty({ description: 'due and still not met' }) lateOpen: number;
  @ApiProperty({ description: 'met at or after the deadline' }) lateDone: number;
}

class ScorecardExtensionCountsDto {
  @ApiProperty() requested: number;
  @ApiProperty() granted: number;
}

class SuccessionSummaryDto {
  @ApiProperty({ example: 'UBND_TINH' }) successorCode: string;
  @ApiProperty({ example: 'UBND_TINH', description: 'the end of the succession chain at asOf' }) answeringAgency: string;
  @ApiProperty({ example: '2025-07-01' }) effectiveOn: string;
}

export class ScorecardDto extends ReadMetaDto {
  @ApiProperty({ example: 'SO_Y_TE' }) agencyCode: string;
  @ApiProperty({ type: String, nullable: true, example: 'Sở Y tế' }) nameVi: string | null;
  @ApiProperty({ type: String, nullable: true }) level: string | null;
  @ApiProperty({ type: String, nullable: true }) kind: string | null;
  @ApiProperty({ type: ScorecardTaskCountsDto }) tasks: ScorecardTaskCountsDto;
  @ApiProperty({ type: ScorecardReportCountsDto }) reports: ScorecardReportCountsDto;
  @ApiProperty({ type: Number, nullable: true, description: '(late open + late done) / due, percent; null while nothing is due' })
  lateRate: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '100 − lateRate' }) onTimeRate: number | null;
  @ApiProperty({ type: ScorecardExtensionCountsDto }) extensions: ScorecardExtensionCountsDto;
  @ApiProperty() reassignedIn: number;
  @ApiProperty() reassignedOut: number;
  @ApiProperty({ type: [String], description: 'agencies whose work has passed to this one by asOf; their figures are counted here' })
  predecessors: string[];
  @ApiProperty({
    type: SuccessionSummaryDto,
    nullable: true,
    description: 'set when the agency has ceased by asOf: the figures are its own, and elsewhere they show under answeringAgency',
  })
  succeededBy: SuccessionSummaryDto | null;
}

export class PlanSummaryDto {
  @ApiProperty() planId: string;
  @ApiProperty({ nullable: true, type: String, example: '118/KH-UBND' }) number: string | null;
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2019-06-25' }) issuedOn: string | null;
  @ApiProperty() tasksTotal: number;
  @ApiProperty({ nullable: true, type: String }) lastActivityAt: string | null;
}

export class PlanPageDto extends ReadMetaDto {
  @ApiProperty({ type: [PlanSummaryDto] }) items: PlanSummaryDto[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
}

export class PlanAgencyFiguresDto {
  @ApiProperty({ example: 'SO_Y_TE', description: 'the agency as it stands at asOf (a successor once a succession is effective)' }) agency: string;
  @ApiProperty({ type: [String], description: 'the agencies the plan gave these tasks and obligations to (the agency and its predecessors)' })
  originalAgencies: string[];
  @ApiProperty({ nullable: true, type: String, example: 'Sở Y tế' }) nameVi: string | null;
  @ApiProperty({ description: 'tasks of the plan the agency leads (chủ trì)' }) leadTasks: number;
  @ApiProperty() overdueTasks: number;
  @ApiProperty({ description: 'obligations whose deadline has passed' }) due: number;
  @ApiProperty() received: number;
  @ApiProperty({ description: 'due and still without a report' }) lateOpen: number;
  @ApiProperty({ description: 'met after the deadline' }) lateDone: number;
  @ApiProperty({ nullable: true, type: Number, description: '(lateOpen + lateDone) / due, percent' }) lateRate: number | null;
  @ApiProperty({ nullable: true, type: Number, description: '100 − lateRate' }) onTimeRate: number | null;
}

export class PlanAgenciesDto extends ReadMetaDto {
  @ApiProperty() planId: string;
  @ApiProperty({ type: [PlanAgencyFiguresDto] }) items: PlanAgencyFiguresDto[];
}
