import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { isLocalDate } from '@dondoc/calendar';
import { MAX_OFFSET_WORKING_DAYS, MAX_STAGES, STAGE_KEY_PATTERN, STAGE_KINDS, STAGE_RECIPIENTS, StageKind, StageRecipient } from '@dondoc/follow-up';
import { AGENCY_CODE_PATTERN, ID_PATTERN } from '@dondoc/tasking';

const IsLocalDate = () =>
  ValidateBy({
    name: 'isLocalDate',
    validator: { validate: (value) => isLocalDate(value), defaultMessage: (args) => `${args?.property} phải là một ngày có thật dạng YYYY-MM-DD` },
  });

export class CalendarDayDto {
  @ApiProperty({ example: '2025-09-01', description: 'the day (Asia/Ho_Chi_Minh); its year is the stream `calendar-<year>`' })
  @IsLocalDate()
  date: string;

  @ApiProperty({ example: 'Nghỉ Quốc khánh theo Thông báo số 6150/TB-LĐTBXH', maxLength: 1000 })
  @IsString()
  @IsNotEmpty({ message: 'reason: cần nêu lý do (ví dụ số thông báo)' })
  @MaxLength(1000)
  reason: string;
}

export class ReminderStageDto {
  @ApiProperty({ example: 'after-3', pattern: STAGE_KEY_PATTERN.source })
  @Matches(STAGE_KEY_PATTERN, { message: 'key: chữ thường, số và dấu "-", tối đa 32 ký tự' })
  key: string;

  @ApiProperty({ example: 3, minimum: -MAX_OFFSET_WORKING_DAYS, maximum: MAX_OFFSET_WORKING_DAYS, description: 'working days from the due date: negative before, 0 on it, positive after' })
  @IsInt()
  @Min(-MAX_OFFSET_WORKING_DAYS)
  @Max(MAX_OFFSET_WORKING_DAYS)
  offsetWorkingDays: number;

  @ApiPropertyOptional({ example: '08:00', nullable: true, description: 'local time HH:MM; absent = the start of working hours' })
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'at: giờ dạng HH:MM' })
  at?: string | null;

  @ApiProperty({ enum: STAGE_KINDS, description: '`escalation` records ObligationEscalated instead of ReminderSent' })
  @IsIn(STAGE_KINDS)
  kind: StageKind;

  @ApiProperty({ enum: STAGE_RECIPIENTS, isArray: true, example: ['agency_head', 'monitoring'] })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(STAGE_RECIPIENTS, { each: true })
  to: StageRecipient[];
}

export class ReminderStagesDto {
  @ApiPropertyOptional({
    type: [ReminderStageDto],
    nullable: true,
    description: 'absent or null: the default (3 working days before, due day, 1 after, 3 after to the head and the monitoring agency, 7 after to the committee)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_STAGES)
  @ValidateNested({ each: true })
  @Type(() => ReminderStageDto)
  stages?: ReminderStageDto[] | null;

  @ApiPropertyOptional({ example: 'UBND_TINH', nullable: true, description: 'receives `committee` stages; absent = the plan\'s issuer' })
  @IsOptional()
  @Matches(AGENCY_CODE_PATTERN, { message: 'committeeAgency phải là mã cơ quan' })
  committeeAgency?: string | null;
}

export class AgencyContactsDto {
  @ApiPropertyOptional({ example: 'vanthu@soyte.thaibinh.gov.vn', nullable: true })
  @IsOptional()
  @IsEmail({}, { message: 'email: địa chỉ thư điện tử không hợp lệ' })
  email?: string | null;

  @ApiPropertyOptional({ example: 'giamdoc@soyte.thaibinh.gov.vn', nullable: true, description: "the head's address for `agency_head` stages; absent = `email`" })
  @IsOptional()
  @IsEmail({}, { message: 'headEmail: địa chỉ thư điện tử không hợp lệ' })
  headEmail?: string | null;

  @ApiPropertyOptional({ example: 'https://sms-gateway.thaibinh.gov.vn/dondoc', nullable: true })
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'webhookUrl: phải là địa chỉ http:// hoặc https://' })
  webhookUrl?: string | null;

  @ApiPropertyOptional({ minLength: 16, description: 'HMAC-SHA256 signing secret of the webhook; sealed before it is stored; absent = keep the one set' })
  @ValidateIf((o: AgencyContactsDto) => o.webhookSecret !== undefined)
  @IsString()
  @MinLength(16, { message: 'webhookSecret: ít nhất 16 ký tự' })
  @MaxLength(200)
  webhookSecret?: string;

  @ApiPropertyOptional({ default: false, description: 'one daily digest (DIGEST_AT) instead of one e-mail / webhook call per item' })
  @IsOptional()
  @IsBoolean()
  digest?: boolean;
}

export class FollowUpDto {
  @ApiProperty({ example: 'Đề nghị Sở Y tế khẩn trương báo cáo kết quả trước ngày 25/11/2021.', maxLength: 4000 })
  @IsString()
  @IsNotEmpty({ message: 'note: cần nội dung đôn đốc' })
  @MaxLength(4000)
  note: string;

  @ApiPropertyOptional({ example: 'due', description: 'the period (obligation) it is about: `due` or a period id such as `2021-11`' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'periodId không hợp lệ' })
  periodId?: string;

  @ApiPropertyOptional({ description: 'client-chosen id; default derived from Idempotency-Key' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'followUpId chỉ gồm chữ, số, _ . : - (tối đa 128 ký tự)' })
  followUpId?: string;
}

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}

export class InboxQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'SO_Y_TE', description: "the agency; an officer's own agency by default" })
  @IsOptional()
  @Matches(AGENCY_CODE_PATTERN, { message: 'agency phải là mã cơ quan' })
  agency?: string;
}
