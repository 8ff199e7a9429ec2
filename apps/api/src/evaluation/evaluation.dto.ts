import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import {
  ALL_UNIT_KINDS,
  COMPARATORS,
  CRITERIA_GROUPS,
  ID_PATTERN,
  isLocalDate,
  MOVEMENT_RATINGS,
  UNIT_LEVELS,
  UnitLevel,
} from '@dondoc/evaluation';
import type { Comparator, CriteriaGroupKey, MovementRating } from '@dondoc/evaluation';

// ---- shared validators -------------------------------------------------------------------

function IsLocalDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLocalDate',
      validator: {
        validate: (value) => isLocalDate(value),
        defaultMessage: (args) => `${args?.property} phải là một ngày có thật dạng YYYY-MM-DD`,
      },
    },
    options,
  );
}

/** A measured value or finding: a finite number, or true/false for a yes/no criterion. */
function IsNumberOrBoolean(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNumberOrBoolean',
      validator: {
        validate: (value) => typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)),
        defaultMessage: (args) => `${args?.property} phải là số hoặc true/false`,
      },
    },
    options,
  );
}

/** Vietnamese text arrives in NFC or NFD; compare and store NFC. */
const Nfc = () => Transform(({ value }) => (typeof value === 'string' ? value.normalize('NFC').trim() : value));

const idMessage = (field: string) => ({ message: `${field} gồm chữ, số, "_" hoặc "-" (tối đa 64 ký tự)` });
const Id = (field: string) => Matches(ID_PATTERN, idMessage(field));
const YEAR = { minimum: 1975, maximum: 2100, example: 2018 };

class YearDto {
  @ApiProperty({ ...YEAR, description: 'Năm của chương trình (năm chọn địa bàn, năm phân loại)' })
  @IsInt()
  @Min(1975)
  @Max(2100)
  year: number;
}

// ---- units -------------------------------------------------------------------------------

export class NewUnitDto {
  @ApiProperty({ example: 'xa-long-dien', pattern: ID_PATTERN.source })
  @Id('unitId')
  unitId: string;

  @ApiProperty({ example: 'Long Điền' })
  @Nfc()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: UNIT_LEVELS, example: 'commune' })
  @IsIn(UNIT_LEVELS)
  level: UnitLevel;

  @ApiProperty({
    enum: ALL_UNIT_KINDS,
    example: 'xã',
    description: 'province: tỉnh | thành phố trực thuộc trung ương; district: huyện | quận | thị xã | thành phố; commune: xã | phường | thị trấn; organisation: cơ quan | doanh nghiệp | cơ sở giáo dục',
  })
  @Nfc()
  @IsIn(ALL_UNIT_KINDS)
  kind: string;

  @ApiPropertyOptional({ nullable: true, example: 'long-dien', description: 'Đơn vị cấp trên; trống với tỉnh' })
  @IsOptional()
  @Id('parentId')
  parentId?: string | null;
}

export class RegisterUnitDto extends NewUnitDto {
  @ApiPropertyOptional({ nullable: true, example: '2004-01-01', description: 'Ngày bắt đầu tồn tại; trống = đã có từ trước khi ghi nhận' })
  @IsOptional()
  @IsLocalDate()
  validFrom?: string | null;
}

export class SuccessionDto {
  @ApiProperty({ example: 'long-dien', description: 'Đơn vị thôi tồn tại từ ngày hiệu lực' })
  @Id('unitId')
  unitId: string;

  @ApiPropertyOptional({ nullable: true, example: 'brvt', description: 'Đơn vị kế thừa; trống = giải thể không có đơn vị kế thừa' })
  @IsOptional()
  @Id('successorId')
  successorId?: string | null;
}

export class ReorganiseUnitsDto {
  @ApiProperty({ example: 'sap-xep-2025-07-01', pattern: ID_PATTERN.source })
  @Id('reorganisationId')
  reorganisationId: string;

  @ApiProperty({ example: '2025-07-01', description: 'Ngày hiệu lực: từ ngày này số liệu hiện hành hiển thị đơn vị kế thừa' })
  @IsLocalDate()
  effectiveOn: string;

  @ApiProperty({ example: 'Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội' })
  @Nfc()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  basis: string;

  @ApiPropertyOptional({ type: [NewUnitDto], description: 'Đơn vị mới hình thành (bắt đầu tồn tại từ ngày hiệu lực)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => NewUnitDto)
  newUnits?: NewUnitDto[];

  @ApiProperty({ type: [SuccessionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => SuccessionDto)
  successions: SuccessionDto[];
}

export class UnitsQueryDto {
  @ApiPropertyOptional({ example: '2025-07-01', description: 'Ngày xem (mặc định: hôm nay)' })
  @IsOptional()
  @IsLocalDate()
  asOf?: string;

  @ApiPropertyOptional({ enum: UNIT_LEVELS })
  @IsOptional()
  @IsIn(UNIT_LEVELS)
  level?: UnitLevel;
}

export class AsOfQueryDto {
  @ApiPropertyOptional({ example: '2020-12-31', description: 'Số liệu tính đến hết ngày này (giờ Việt Nam); mặc định: hôm nay' })
  @IsOptional()
  @IsLocalDate()
  asOf?: string;
}

export class YearAsOfQueryDto extends AsOfQueryDto {
  @ApiProperty({ ...YEAR })
  @Type(() => Number)
  @IsInt()
  @Min(1975)
  @Max(2100)
  year: number;
}

// ---- programmes --------------------------------------------------------------------------

export class PlanRefDto {
  @ApiProperty({ example: '94/KH-UBND' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  number: string;

  @ApiProperty({ example: '2017-09-06' })
  @IsLocalDate()
  issuedOn: string;

  @ApiProperty({ example: 'THỰC HIỆN ĐỀ ÁN CHUYỂN HÓA ĐỊA BÀN TRỌNG ĐIỂM, PHỨC TẠP VỀ TRẬT TỰ AN TOÀN XÃ HỘI ĐẾN NĂM 2020' })
  @Nfc()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  title: string;
}

export class PeriodDto {
  @ApiProperty({ example: '2017-09-06' })
  @IsLocalDate()
  start: string;

  @ApiProperty({ example: '2020-12-31' })
  @IsLocalDate()
  end: string;
}

export class IndicatorDto {
  @ApiProperty({ example: '94-CT-2' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  indicatorId: string;

  @ApiProperty({ example: 'Tỷ lệ điều tra, khám phá các loại tội phạm đạt từ 80% trở lên' })
  @Nfc()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  text: string;

  @ApiProperty({ enum: COMPARATORS, example: '>=', description: 'Giá trị đo (bên trái) so với ngưỡng' })
  @IsIn(COMPARATORS)
  comparator: Comparator;

  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'boolean' }], example: 80, description: 'Số, hoặc true với chỉ tiêu có/không (so sánh "=")' })
  @IsNumberOrBoolean()
  threshold: number | boolean;

  @ApiProperty({ example: 'percent' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  unit: string;
}

export class ConditionDto {
  @ApiProperty({ example: '94-II-4-1' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  conditionId: string;

  @ApiProperty({ example: 'giảm cơ bản tội phạm và tệ nạn xã hội' })
  @Nfc()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  text: string;
}

export class SuccessRuleDto {
  @ApiProperty({ example: 80, description: 'Thành công khi số chỉ tiêu đạt / tổng số chỉ tiêu ≥ tỷ lệ này (so sánh chính xác: 80% là đạt, 79,9% là không)' })
  @IsNumber()
  @Min(0.01)
  @Max(100)
  minimumMetPercent: number;

  @ApiProperty({ enum: ['atomic_indicators'] })
  @IsIn(['atomic_indicators'])
  countingBasis: 'atomic_indicators';

  @ApiProperty({ type: [ConditionDto], description: 'Điều kiện phải đồng thời đạt ("trong đó …")' })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ConditionDto)
  requiredConditions: ConditionDto[];
}

export class SelectionCapDto {
  @ApiProperty({ example: 15, description: 'Tối đa tỷ lệ này số đơn vị cấp xã của mỗi huyện mỗi năm' })
  @IsNumber()
  @Min(0.01)
  @Max(100)
  maxPercentOfDistrictCommunes: number;

  @ApiProperty({ enum: ['floor'], description: 'Làm tròn xuống: 20 xã → 3; dưới 7 xã → 0' })
  @IsIn(['floor'])
  rounding: 'floor';
}

export class GoalsDto {
  @ApiProperty({ example: 60 })
  @IsNumber()
  @Min(0.01)
  @Max(100)
  yearlySuccessPercent: number;

  @ApiProperty({ example: 85 })
  @IsNumber()
  @Min(0.01)
  @Max(100)
  noRelapsePercent: number;
}

export class CriterionDto {
  @ApiProperty({ example: '94-TC-b-2' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  criterionId: string;

  @ApiProperty({ example: 'Số tụ điểm hoặc điểm phức tạp về mua bán, tàng trữ, tổ chức sử dụng trái phép chất ma túy' })
  @Nfc()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  text: string;
}

export class CriteriaGroupDto {
  @ApiProperty({ enum: CRITERIA_GROUPS })
  @IsIn(CRITERIA_GROUPS)
  group: CriteriaGroupKey;

  @ApiProperty({ example: 'Nhóm tiêu chí về ma túy' })
  @Nfc()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ type: [CriterionDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => CriterionDto)
  criteria: CriterionDto[];
}

export class DefineProgrammeDto {
  @ApiProperty({ example: '94-ba-ria-vung-tau-2017', pattern: ID_PATTERN.source })
  @Id('programmeId')
  programmeId: string;

  @ApiProperty({ type: PlanRefDto })
  @ValidateNested()
  @Type(() => PlanRefDto)
  plan: PlanRefDto;

  @ApiProperty({ type: PeriodDto })
  @ValidateNested()
  @Type(() => PeriodDto)
  period: PeriodDto;

  @ApiProperty({ example: 1, description: 'Thời gian chuyển hóa mỗi địa bàn (năm)' })
  @IsInt()
  @Min(1)
  @Max(10)
  transformationYears: number;

  @ApiProperty({ type: [IndicatorDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => IndicatorDto)
  indicators: IndicatorDto[];

  @ApiProperty({ type: SuccessRuleDto })
  @ValidateNested()
  @Type(() => SuccessRuleDto)
  successRule: SuccessRuleDto;

  @ApiProperty({ type: SelectionCapDto })
  @ValidateNested()
  @Type(() => SelectionCapDto)
  selectionCap: SelectionCapDto;

  @ApiProperty({ type: GoalsDto })
  @ValidateNested()
  @Type(() => GoalsDto)
  goals: GoalsDto;

  @ApiProperty({ type: [CriteriaGroupDto] })
  @IsArray()
  @ArrayMaxSize(4)
  @ValidateNested({ each: true })
  @Type(() => CriteriaGroupDto)
  criteriaGroups: CriteriaGroupDto[];
}

export class ImportProgrammeDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Nội dung tệp kế hoạch như trong fixtures/ (vd. plan-94-ba-ria-vung-tau-2017.json): fixture, document, period, indicators, success_rule, selection, programme_goals',
  })
  @IsObject()
  plan: Record<string, unknown>;
}

// ---- transformation ----------------------------------------------------------------------

export class FindingDto {
  @ApiProperty({ enum: CRITERIA_GROUPS, description: 'criminal (hình sự), drugs (ma túy), economy-environment (kinh tế, môi trường), other (khác)' })
  @IsIn(CRITERIA_GROUPS)
  group: CriteriaGroupKey;

  @ApiPropertyOptional({ nullable: true, example: '94-TC-b-2', description: 'Tiêu chí của nhóm trong chương trình' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  criterionId?: string | null;

  @ApiPropertyOptional({ nullable: true, oneOf: [{ type: 'number' }, { type: 'boolean' }], example: 3 })
  @IsOptional()
  @IsNumberOrBoolean()
  value?: number | boolean | null;

  @ApiPropertyOptional({ nullable: true, example: 'Ba tụ điểm tổ chức sử dụng trái phép chất ma túy' })
  @IsOptional()
  @Nfc()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}

export class SelectCommuneDto extends YearDto {
  @ApiProperty({ example: 'long-dien-c01' })
  @Id('communeId')
  communeId: string;

  @ApiProperty({ type: [FindingDto], description: 'Nội dung phức tạp theo bốn nhóm tiêu chí (ít nhất một)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => FindingDto)
  findings: FindingDto[];
}

export class MeasurementDto {
  @ApiProperty({ example: '94-CT-2' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  indicatorId: string;

  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'boolean' }], example: 85.5 })
  @IsNumberOrBoolean()
  value: number | boolean;
}

export class ConditionResultDto {
  @ApiProperty({ example: '94-II-4-1' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  conditionId: string;

  @ApiProperty({ example: true })
  @IsBoolean()
  held: boolean;
}

export class EvaluateCommuneDto extends YearDto {
  @ApiProperty({ example: 'long-dien-c01' })
  @Id('communeId')
  communeId: string;

  @ApiProperty({ type: [MeasurementDto], description: 'Giá trị đo của từng chỉ tiêu của chương trình' })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => MeasurementDto)
  measurements: MeasurementDto[];

  @ApiPropertyOptional({ type: [ConditionResultDto], description: 'Kết luận về từng điều kiện bắt buộc của quy tắc thành công' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ConditionResultDto)
  conditions?: ConditionResultDto[];

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @Nfc()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}

export class RecordRelapseDto extends YearDto {
  @ApiProperty({ example: 'long-dien-c01' })
  @Id('communeId')
  communeId: string;

  @ApiProperty({ example: 'Tụ điểm ma túy hoạt động trở lại' })
  @Nfc()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;

  @ApiPropertyOptional({ type: [FindingDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => FindingDto)
  findings?: FindingDto[];
}

// ---- movement and model units ------------------------------------------------------------

export class ClassifyMovementDto extends YearDto {
  @ApiProperty({ example: 'long-dien-c02' })
  @Id('unitId')
  unitId: string;

  @ApiProperty({ enum: MOVEMENT_RATINGS, example: 'khá', description: 'Xếp loại phong trào toàn dân bảo vệ ANTQ' })
  @Nfc()
  @IsIn(MOVEMENT_RATINGS)
  rating: MovementRating;

  @ApiProperty({ example: true, description: 'Đạt tiêu chuẩn "An toàn về an ninh, trật tự"' })
  @IsBoolean()
  safe: boolean;
}

export class RecogniseModelUnitDto extends YearDto {
  @ApiProperty({ example: 'long-dien-c02' })
  @Id('unitId')
  unitId: string;

  @ApiPropertyOptional({ nullable: true, example: 'Quyết định số 12/QĐ-BCĐ ngày 15/12/2023' })
  @IsOptional()
  @Nfc()
  @IsString()
  @MaxLength(300)
  decision?: string | null;
}
