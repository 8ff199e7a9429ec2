import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import {
  AGENCY_CODE_PATTERN,
  AGENCY_KINDS,
  AGENCY_LEVELS,
  AgencyKind,
  AgencyLevel,
  FIRST_PLAN_YEAR,
  ID_PATTERN,
  isLocalDate,
  LAST_PLAN_YEAR,
  MAX_REASON_LENGTH,
  MAX_TEXT_LENGTH,
  MAX_TITLE_LENGTH,
} from '@dondoc/tasking';

/** `YYYY-MM-DD` naming a real day in the years a plan may name (1900–2100). */
function IsLocalDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLocalDate',
      validator: {
        validate: (value) => isLocalDate(value),
        defaultMessage: (args) => `${args?.property} phải là một ngày có thật dạng YYYY-MM-DD, năm từ ${FIRST_PLAN_YEAR} đến ${LAST_PLAN_YEAR}`,
      },
    },
    options,
  );
}

const AGENCY_CODE = { pattern: AGENCY_CODE_PATTERN.source, example: 'CA_TINH' };
const codeMessage = (field: string) => ({
  message: `${field} phải là mã cơ quan: chữ in hoa, số, dấu _ (2–64 ký tự)`,
});
const idMessage = (field: string) => ({ message: `${field} chỉ gồm chữ, số, _ . : - (tối đa 128 ký tự)` });
const RELATIONS = ['on', 'before'] as const;
const SCHEDULE_KINDS = ['monthly', 'yearly', 'interval', 'once'] as const;

// ---- reporting schedules (a union on `kind`) -------------------------------------------

/** Only `kind` is known when it names no schedule; validation then says which kinds exist. */
export class ScheduleKindDto {
  @ApiProperty({ enum: SCHEDULE_KINDS })
  @IsIn(SCHEDULE_KINDS)
  kind: string;
}

abstract class ScheduleBaseDto {
  @ApiPropertyOptional({
    enum: RELATIONS,
    default: 'on',
    description: '`on`: due on that day ("ngày 20 hằng tháng"); `before`: due before it ("trước ngày 20/11")',
  })
  @IsOptional()
  @IsIn(RELATIONS)
  relation?: 'on' | 'before';
}

export class MonthlyScheduleDto extends ScheduleBaseDto {
  @ApiProperty({ enum: ['monthly'] })
  @IsIn(['monthly'])
  kind: 'monthly';

  @ApiProperty({ minimum: 1, maximum: 31, example: 20, description: 'a day the month lacks falls on its last day' })
  @IsInt()
  @Min(1)
  @Max(31)
  day: number;
}

export class YearlyScheduleDto extends ScheduleBaseDto {
  @ApiProperty({ enum: ['yearly'] })
  @IsIn(['yearly'])
  kind: 'yearly';

  @ApiProperty({ minimum: 1, maximum: 12, example: 11 })
  @IsInt()
  @Min(1)
  @Max(12)
  month: number;

  @ApiProperty({ minimum: 1, maximum: 31, example: 20 })
  @IsInt()
  @Min(1)
  @Max(31)
  day: number;
}

export class IntervalScheduleDto extends ScheduleBaseDto {
  @ApiProperty({ enum: ['interval'] })
  @IsIn(['interval'])
  kind: 'interval';

  @ApiProperty({ minimum: 1, maximum: 120, example: 6, description: '6 = "định kỳ 6 tháng"' })
  @IsInt()
  @Min(1)
  @Max(120)
  everyMonths: number;

  @ApiProperty({ example: '2020-06-30', description: 'a date of the cycle' })
  @IsLocalDate()
  anchor: string;
}

export class OnceScheduleDto extends ScheduleBaseDto {
  @ApiProperty({ enum: ['once'] })
  @IsIn(['once'])
  kind: 'once';

  @ApiProperty({ example: '2020-10-15' })
  @IsLocalDate()
  date: string;
}

export type ReportingScheduleDto = MonthlyScheduleDto | YearlyScheduleDto | IntervalScheduleDto | OnceScheduleDto;
export const SCHEDULE_DTOS = [MonthlyScheduleDto, YearlyScheduleDto, IntervalScheduleDto, OnceScheduleDto];

const ScheduleType = () =>
  Type(() => ScheduleKindDto, {
    keepDiscriminatorProperty: true,
    discriminator: {
      property: 'kind',
      subTypes: [
        { value: MonthlyScheduleDto, name: 'monthly' },
        { value: YearlyScheduleDto, name: 'yearly' },
        { value: IntervalScheduleDto, name: 'interval' },
        { value: OnceScheduleDto, name: 'once' },
      ],
    },
  });

const scheduleSchema = {
  oneOf: SCHEDULE_DTOS.map((dto) => ({ $ref: getSchemaPath(dto) })),
  discriminator: { propertyName: 'kind' },
};

// ---- commands ----------------------------------------------------------------------------

export class RegisterAgencyDto {
  @ApiProperty({ ...AGENCY_CODE, description: 'the stream is `agency-<code>`' })
  @Matches(AGENCY_CODE_PATTERN, codeMessage('code'))
  code: string;

  @ApiProperty({ example: 'Công an tỉnh', maxLength: 500 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  nameVi: string;

  @ApiPropertyOptional({ example: 'Provincial Police', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  nameEn?: string;

  @ApiProperty({ enum: AGENCY_LEVELS })
  @IsIn(AGENCY_LEVELS)
  level: AgencyLevel;

  @ApiProperty({ enum: AGENCY_KINDS })
  @IsIn(AGENCY_KINDS)
  kind: AgencyKind;

  @ApiProperty({ description: 'a collective addressee, e.g. UBND_HUYEN (all district committees)' })
  @IsBoolean()
  collective: boolean;
}

const REFORM_REASON = 'Nghị quyết 202/2025/QH15 về sắp xếp đơn vị hành chính: không tổ chức cấp huyện từ ngày 01/07/2025';

/** Why agencies cease (the same text for one succession or a whole reform). */
abstract class SuccessionReasonDto {
  @ApiProperty({ maxLength: MAX_REASON_LENGTH, example: REFORM_REASON })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_REASON_LENGTH)
  reason: string;
}

export class RecordAgencySuccessionDto extends SuccessionReasonDto {
  @ApiProperty({ ...AGENCY_CODE, example: 'UBND_TINH', description: 'the registered agency that takes over the work' })
  @Matches(AGENCY_CODE_PATTERN, codeMessage('successorCode'))
  successorCode: string;

  @ApiProperty({
    example: '2025-07-01',
    description: 'the first day the successor answers (from 00:00 Asia/Ho_Chi_Minh); may be past or future',
  })
  @IsLocalDate()
  effectiveOn: string;
}

export class AgencySuccessionItemDto {
  @ApiProperty({ ...AGENCY_CODE, example: 'UBND_HUYEN_X', description: 'the agency that ceases' })
  @Matches(AGENCY_CODE_PATTERN, codeMessage('code'))
  code: string;

  @ApiProperty({ ...AGENCY_CODE, example: 'UBND_TINH' })
  @Matches(AGENCY_CODE_PATTERN, codeMessage('successorCode'))
  successorCode: string;
}

export const MAX_SUCCESSIONS_PER_REQUEST = 1000;

export class RecordAgencySuccessionsDto extends SuccessionReasonDto {
  @ApiProperty({ example: '2025-07-01', description: 'the day every listed agency ceases' })
  @IsLocalDate()
  effectiveOn: string;

  @ApiProperty({ type: [AgencySuccessionItemDto], minItems: 1, maxItems: MAX_SUCCESSIONS_PER_REQUEST })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SUCCESSIONS_PER_REQUEST)
  @ValidateNested({ each: true })
  @Type(() => AgencySuccessionItemDto)
  items: AgencySuccessionItemDto[];
}

export class PlanPeriodDto {
  @ApiProperty({ example: '2019-11-21' })
  @IsLocalDate()
  start: string;

  @ApiPropertyOptional({ example: '2020-04-22', nullable: true, description: 'null when the plan states no end' })
  @IsOptional()
  @IsLocalDate()
  end?: string | null;
}

export class IssuePlanDto {
  @ApiPropertyOptional({ pattern: ID_PATTERN.source, description: 'default: derived from Idempotency-Key, else a new UUID' })
  @IsOptional()
  @Matches(ID_PATTERN, idMessage('planId'))
  planId?: string;

  @ApiProperty({ example: '118/KH-UBND', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  number: string;

  @ApiProperty({ ...AGENCY_CODE, example: 'UBND_TINH' })
  @Matches(AGENCY_CODE_PATTERN, codeMessage('issuerAgency'))
  issuerAgency: string;

  @ApiProperty({ example: '2019-11-21' })
  @IsLocalDate()
  issuedOn: string;

  @ApiProperty({ maxLength: MAX_TITLE_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_TITLE_LENGTH)
  title: string;

  @ApiProperty({ type: PlanPeriodDto })
  @ValidateNested()
  @Type(() => PlanPeriodDto)
  period: PlanPeriodDto;

  @ApiPropertyOptional({ type: [String], maxItems: 100 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(MAX_TEXT_LENGTH, { each: true })
  objectives?: string[];

  @ApiProperty({ ...AGENCY_CODE, description: 'follows up the plan (theo dõi, đôn đốc)' })
  @Matches(AGENCY_CODE_PATTERN, codeMessage('monitoringAgency'))
  monitoringAgency: string;

  @ApiPropertyOptional({ ...scheduleSchema, description: 'tasks assigned without a schedule or due date take it' })
  @IsOptional()
  @ValidateNested()
  @ScheduleType()
  defaultReportingSchedule?: ReportingScheduleDto;
}

export class AssignTaskDto {
  @ApiPropertyOptional({ pattern: ID_PATTERN.source, description: 'default: derived from Idempotency-Key, else a new UUID' })
  @IsOptional()
  @Matches(ID_PATTERN, idMessage('taskId'))
  taskId?: string;

  @ApiProperty({ maxLength: MAX_TITLE_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_TITLE_LENGTH)
  title: string;

  @ApiPropertyOptional({ maxLength: MAX_TEXT_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TEXT_LENGTH)
  text?: string;

  @ApiProperty({ ...AGENCY_CODE, description: 'the one lead agency (chủ trì)' })
  @Matches(AGENCY_CODE_PATTERN, codeMessage('leadAgency'))
  leadAgency: string;

  @ApiPropertyOptional({ type: [String], description: 'coordinating agencies (phối hợp)', maxItems: 200 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(AGENCY_CODE_PATTERN, { each: true, ...codeMessage('coordinatingAgencies') })
  coordinatingAgencies?: string[];

  @ApiPropertyOptional({ type: [String], description: 'partners named only generically, kept as text', maxItems: 100 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(500, { each: true })
  partners?: string[];

  @ApiPropertyOptional({ example: '2020-01-15', description: 'one-off due date (its report period is `due`)' })
  @IsOptional()
  @IsLocalDate()
  dueDate?: string;

  @ApiPropertyOptional({ ...scheduleSchema, description: "default: the plan's default reporting schedule" })
  @IsOptional()
  @ValidateNested()
  @ScheduleType()
  reportingSchedule?: ReportingScheduleDto;

  @ApiPropertyOptional({ example: '118-III-9', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  sourceRef?: string;
}

export class IndicatorValueDto {
  @ApiProperty({ example: '94-CT-1', maxLength: 64 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  indicatorId: string;

  @ApiProperty({ example: 72.5 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value: number;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class SubmitReportDto {
  @ApiPropertyOptional({ pattern: ID_PATTERN.source, description: 'default: derived from Idempotency-Key, else a new UUID' })
  @IsOptional()
  @Matches(ID_PATTERN, idMessage('reportId'))
  reportId?: string;

  @ApiProperty({ example: '2019-12', description: '`YYYY-MM` (monthly), `YYYY` (yearly), `YYYY-MM-DD` (interval, once), `due` (the due date)' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, { message: 'periodId không hợp lệ (ví dụ 2019-12, 2020, 2020-11-20, due)' })
  periodId: string;

  @ApiProperty({ maxLength: MAX_TEXT_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_TEXT_LENGTH)
  text: string;

  @ApiProperty({ minimum: 0, maximum: 100, example: 40 })
  @IsInt()
  @Min(0)
  @Max(100)
  progressPercent: number;

  @ApiPropertyOptional({ type: [IndicatorValueDto], maxItems: 200 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => IndicatorValueDto)
  indicatorValues?: IndicatorValueDto[];
}

export class ReviewReportDto {
  @ApiProperty({ enum: ['accept', 'return'], description: '`return` reopens the period' })
  @IsIn(['accept', 'return'])
  decision: 'accept' | 'return';

  @ApiPropertyOptional({ maxLength: MAX_REASON_LENGTH, description: 'required to return' })
  @ValidateIf((o: ReviewReportDto) => o.decision === 'return' || o.reason !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_REASON_LENGTH)
  reason?: string;
}

export class RequestExtensionDto {
  @ApiPropertyOptional({ pattern: ID_PATTERN.source, description: 'default: derived from Idempotency-Key, else a new UUID' })
  @IsOptional()
  @Matches(ID_PATTERN, idMessage('extensionId'))
  extensionId?: string;

  @ApiProperty({ example: '2019-12' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, { message: 'periodId không hợp lệ (ví dụ 2019-12, 2020, 2020-11-20, due)' })
  periodId: string;

  @ApiProperty({ example: '2019-12-27' })
  @IsLocalDate()
  requestedDueDate: string;

  @ApiProperty({ maxLength: MAX_REASON_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_REASON_LENGTH)
  reason: string;
}

export class DecideExtensionDto {
  @ApiProperty({ enum: ['grant', 'refuse'] })
  @IsIn(['grant', 'refuse'])
  decision: 'grant' | 'refuse';

  @ApiPropertyOptional({ example: '2019-12-27', description: 'grant only; default: the date requested' })
  @IsOptional()
  @IsLocalDate()
  newDueDate?: string;

  @ApiPropertyOptional({ maxLength: MAX_REASON_LENGTH, description: 'required to refuse' })
  @ValidateIf((o: DecideExtensionDto) => o.decision === 'refuse' || o.reason !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_REASON_LENGTH)
  reason?: string;
}

export class ReassignTaskDto {
  @ApiProperty({ ...AGENCY_CODE, example: 'SO_GTVT' })
  @Matches(AGENCY_CODE_PATTERN, codeMessage('newLeadAgency'))
  newLeadAgency: string;

  @ApiProperty({ maxLength: MAX_REASON_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_REASON_LENGTH)
  reason: string;
}

export class CompleteTaskDto {
  @ApiPropertyOptional({ maxLength: MAX_REASON_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_REASON_LENGTH)
  note?: string;
}

export class CancelTaskDto {
  @ApiProperty({ maxLength: MAX_REASON_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_REASON_LENGTH)
  reason: string;
}

// ---- responses ---------------------------------------------------------------------------

export class CommandResponseDto {
  @ApiProperty({ example: 'task-5b2f6826-5014-80ba-b0b7-304a89e1820c' })
  streamId: string;

  @ApiProperty({ description: 'the version to send in If-Match next time', example: 2 })
  streamVersion: number;

  @ApiProperty({ description: 'global position of the last event written (of the first run, for a replay)' })
  position: number;

  @ApiProperty({ description: 'true when the Idempotency-Key was seen before: nothing was appended' })
  duplicate: boolean;
}

export class RecordedSuccessionDto extends CommandResponseDto {
  @ApiProperty({ example: 'UBND_HUYEN_X' }) code: string;
  @ApiProperty({ example: 'UBND_TINH' }) successorCode: string;
}

export class RecordedSuccessionsDto {
  @ApiProperty({ type: [RecordedSuccessionDto], description: 'one per item, in order; `duplicate` for items recorded by an earlier run of the same request' })
  items: RecordedSuccessionDto[];

  @ApiProperty({ description: 'the highest global position written: pass it as minPosition to read the effect' })
  position: number;
}

export class CreatedPlanResponseDto extends CommandResponseDto {
  @ApiProperty()
  planId: string;
}

export class CreatedTaskResponseDto extends CommandResponseDto {
  @ApiProperty()
  taskId: string;
}

export class CreatedReportResponseDto extends CommandResponseDto {
  @ApiProperty()
  reportId: string;

  @ApiProperty({
    description:
      "The deadline the report was judged against (after any granted extension), on the calendar with the days declared off or working up to the submission",
    example: '2019-12-20T17:00:00.000Z',
    nullable: true,
  })
  dueAt: string | null;

  @ApiProperty({
    description: 'Submitted at or after `dueAt`; recorded with the report and never revised by a later calendar declaration (null: a replayed request that named another reportId)',
    nullable: true,
  })
  late: boolean | null;
}

export class CreatedExtensionResponseDto extends CommandResponseDto {
  @ApiProperty()
  extensionId: string;
}
