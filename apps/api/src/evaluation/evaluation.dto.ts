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
  ValidationArguments,
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
import { CommandResponseDto } from '../tasking/tasking.dto';

// ---- shared validators -------------------------------------------------------------------

/** A Vietnamese message naming the field, for the 400's `details.fields[].problems`. */
const vi = (problem: string): ValidationOptions => ({ message: (args: ValidationArguments) => `${args.property} ${problem}` });
const oneOf = (values: readonly string[]): ValidationOptions => vi(`phải là một trong: ${values.join(', ')}`);

function IsLocalDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLocalDate',
      validator: {
        validate: (value) => isLocalDate(value),
        defaultMessage: (args) => `${args?.property} phải là một ngày có thật dạng YYYY-MM-DD, năm từ 1900 đến 2100`,
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
  @IsInt(vi('phải là số nguyên'))
  @Min(1975, vi('không được nhỏ hơn 1975'))
  @Max(2100, vi('không được lớn hơn 2100'))
  year: number;
}

// ---- units -------------------------------------------------------------------------------

export class NewUnitDto {
  @ApiProperty({ example: 'xa-long-dien', pattern: ID_PATTERN.source })
  @Id('unitId')
  unitId: string;

  @ApiProperty({ example: 'Long Điền' })
  @Nfc()
  @IsString(vi('phải là chuỗi ký tự'))
  @IsNotEmpty(vi('không được để trống'))
  @MaxLength(200, vi('dài quá 200 ký tự'))
  name: string;

  @ApiProperty({ enum: UNIT_LEVELS, example: 'commune' })
  @IsIn(UNIT_LEVELS, oneOf(UNIT_LEVELS))
  level: UnitLevel;

  @ApiProperty({
    enum: ALL_UNIT_KINDS,
    example: 'xã',
    description: 'province: tỉnh | thành phố trực thuộc trung ương; district: huyện | quận | thị xã | thành phố; commune: xã | phường | thị trấn; organisation: cơ quan | doanh nghiệp | cơ sở giáo dục',
  })
  @Nfc()
  @IsIn(ALL_UNIT_KINDS, oneOf(ALL_UNIT_KINDS))
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
  @IsString(vi('phải là chuỗi ký tự'))
  @IsNotEmpty(vi('không được để trống'))
  @MaxLength(1000, vi('dài quá 1000 ký tự'))
  basis: string;

  @ApiPropertyOptional({ type: [NewUnitDto], description: 'Đơn vị mới hình thành (bắt đầu tồn tại từ ngày hiệu lực)' })
  @IsOptional()
  @IsArray(vi('phải là danh sách'))
  @ArrayMaxSize(5000, vi('tối đa 5000 phần tử'))
  @ValidateNested({ each: true, ...vi('mỗi phần tử phải là đối tượng') })
  @Type(() => NewUnitDto)
  newUnits?: NewUnitDto[];

  @ApiProperty({ type: [SuccessionDto] })
  @IsArray(vi('phải là danh sách'))
  @ArrayMinSize(1, vi('cần ít nhất 1 phần tử'))
  @ArrayMaxSize(5000, vi('tối đa 5000 phần tử'))
  @ValidateNested({ each: true, ...vi('mỗi phần tử phải là đối tượng') })
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
  @IsIn(UNIT_LEVELS, oneOf(UNIT_LEVELS))
  level?: UnitLevel;

  @ApiPropertyOptional({ example: 'long-dien', description: 'Chỉ các đơn vị trực thuộc đơn vị này (vd. các xã của một huyện)' })
  @IsOptional()
  @Id('parentId')
  parentId?: string;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt(vi('phải là số nguyên'))
  @Min(1, vi('không được nhỏ hơn 1'))
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt(vi('phải là số nguyên'))
  @Min(1, vi('không được nhỏ hơn 1'))
  @Max(200, vi('không được lớn hơn 200'))
  pageSize?: number;
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
  @IsInt(vi('phải là số nguyên'))
  @Min(1975, vi('không được nhỏ hơn 1975'))
  @Max(2100, vi('không được lớn hơn 2100'))
  year: number;
}

// ---- programmes --------------------------------------------------------------------------

export class PlanRefDto {
  @ApiProperty({ example: '94/KH-UBND' })
  @IsString(vi('phải là chuỗi ký tự'))
  @IsNotEmpty(vi('không được để trống'))
  @MaxLength(100, vi('dài quá 100 ký tự'))
  number: string;

  @ApiProperty({ example: '2017-09-06' })
  @IsLocalDate()
  issuedOn: string;

  @ApiProperty({ example: 'THỰC HIỆN ĐỀ ÁN CHUYỂN HÓA ĐỊA BÀN TRỌNG ĐIỂM, PHỨC TẠP VỀ TRẬT TỰ AN TOÀN XÃ HỘI ĐẾN NĂM 2020' })
  @Nfc()
  @IsString(vi('phải là chuỗi ký tự'))
  @IsNotEmpty(vi('không được để trống'))
  @MaxLength(1000, vi('dài quá 1000 ký tự'))
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
  @IsString(vi('phải là chuỗi ký tự'))
  @IsNotEmpty(vi('không được để trống'))
  @MaxLength(64, vi('dài quá 64 ký tự'))
  indicatorId: string;

  @ApiProperty({ example: 'Tỷ lệ điều tra, khám phá các loại tội phạm đạt từ 80% trở lên' })
  @Nfc()
  @IsString(vi('phải là chuỗi ký tự'))
  @IsNotEmpty(vi('không được để trống'))
  @MaxLength(2000, vi('dài quá 2000 ký tự'))
  text: string;

  @ApiProperty({ enum: COMPARATORS, example: '>=', description: 'Giá trị đo (bên trái) so với ngưỡng' })
  @IsIn(COMPARATORS, oneOf(COMPARATORS))
  comparator: Comparator;

  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'boolean' }], example: 80, description: 'Số, hoặc true với chỉ tiêu có/không (so sánh "=")' })
  @IsNumberOrBoolean()
  threshold: number | boolean;

  @ApiProperty({ example: 'percent' })
  @IsString(vi('phải là chuỗi ký tự'))
  @IsNotEmpty(vi('không được để trống'))
  @MaxLength(50, vi('dài quá 50 ký tự'))
  unit: string;
}

export class ConditionDto {
  @ApiProperty({ example: '94-II-4-1' })
  @IsString(vi('phải là chuỗi ký tự'))
  @IsNotEmpty(vi('không được để trống'))
  @MaxLength(64, vi('dài quá 64 ký tự'))
  conditionId: string;

  @ApiProperty({ example: 'giảm cơ bản tội phạm và tệ nạn xã hội' })
  @Nfc()
  @IsString(vi('phải là chuỗi ký tự'))
  @IsNotEmpty(vi('không được để trống'))
  @MaxLength(2000, vi('dài quá 2000 ký tự'))
  text: string;
}

export class SuccessRuleDto {
  @ApiProperty({ example: 80, description: 'Thành công khi số chỉ tiêu đạt / tổng số chỉ tiêu ≥ tỷ lệ này (so sánh chính xác: 80% là đạt, 79,9% là không)' })
  @IsNumber({}, vi('phải là số'))
  @Min(0.01, vi('không được nhỏ hơn 0.01'))
  @Max(100, vi('không được lớn hơn 100'))
  minimumMetPercent: number;

  @ApiProperty({ enum: ['atomic_indicators'] })
  @IsIn(['atomic_indicators'], oneOf(['atomic_indicators']))
  countingBasis: 'atomic_indicators';

  @ApiProperty({ type: [ConditionDto], description: 'Điều kiện phải đồng thời đạt ("trong đó …")' })
  @IsArray(vi('phải là danh sách'))
  @ArrayMaxSize(50, vi('tối đa 50 phần tử'))
  @ValidateNested({ each: true, ...vi('mỗi phần tử phải là đối tượng') })
  @Type(() => ConditionDto)
  requiredConditions: ConditionDto[];
}

export class SelectionCapDto {
  @ApiProperty({ example: 15, description: 'Tối đa tỷ lệ này số đơn vị cấp xã của mỗi huyện mỗi năm' })
  @IsNumber({}, vi('phải là số'))
  @Min(0.01, vi('không được nhỏ hơn 0.01'))
  @Max(100, vi('không được lớn hơn 100'))
  maxPercentOfDistrictCommunes: number;

  @ApiProperty({ enum: ['floor'], description: 'Làm tròn xuống: 20 xã → 3; dưới 7 xã → 0' })
  @IsIn(['floor'], oneOf(['floor']))
  rounding: 'floor';
}

export class GoalsDto {
  @ApiProperty({ example: 60 })
  @IsNumber({}, vi('phải là số'))
  @Min(0.01, vi('không được nhỏ hơn 0.01'))
  @Max(100, vi('không được lớn hơn 100'))
  yearlySuccessPercent: number;

  @ApiProperty({ example: 85 })
  @IsNumber({}, vi('phải là số'))
  @Min(0.01, vi('không được nhỏ hơn 0.01'))
  @Max(100, vi('không được lớn hơn 100'))
  noRelapsePercent: number;
}

export class CriterionDto {
  @ApiProperty({ example: '94-TC-b-2' })
  @IsString(vi('phải là chuỗi ký tự'))
  @IsNotEmpty(vi('không được để trống'))
  @MaxLength(64, vi('dài quá 64 ký tự'))
  criterionId: string;

  @ApiProperty({ example: 'Số tụ điểm hoặc điểm phức tạp về mua bán, tàng trữ, tổ chức sử dụng trái phép chất ma túy' })
  @Nfc()
  @IsString(vi('phải là chuỗi ký tự'))
  @IsNotEmpty(vi('không được để trống'))
  @MaxLength(2000, vi('dài quá 2000 ký tự'))
  text: string;
}

export class CriteriaGroupDto {
  @ApiProperty({ enum: CRITERIA_GROUPS })
  @IsIn(CRITERIA_GROUPS, oneOf(CRITERIA_GROUPS))
  group: CriteriaGroupKey;

  @ApiProperty({ example: 'Nhóm tiêu chí về ma túy' })
  @Nfc()
  @IsString(vi('phải là chuỗi ký tự'))
  @IsNotEmpty(vi('không được để trống'))
  @MaxLength(200, vi('dài quá 200 ký tự'))
  name: string;

  @ApiProperty({ type: [CriterionDto] })
  @IsArray(vi('phải là danh sách'))
  @ArrayMaxSize(200, vi('tối đa 200 phần tử'))
  @ValidateNested({ each: true, ...vi('mỗi phần tử phải là đối tượng') })
  @Type(() => CriterionDto)
  criteria: CriterionDto[];
}

export class DefineProgrammeDto {
  @ApiProperty({ example: '94-ba-ria-vung-tau-2017', pattern: ID_PATTERN.source })
  @Id('programmeId')
  programmeId: string;

  @ApiProperty({ type: PlanRefDto })
  @ValidateNested(vi('phải là đối tượng'))
  @Type(() => PlanRefDto)
  plan: PlanRefDto;

  @ApiProperty({ type: PeriodDto })
  @ValidateNested(vi('phải là đối tượng'))
  @Type(() => PeriodDto)
  period: PeriodDto;

  @ApiProperty({ example: 1, description: 'Thời gian chuyển hóa mỗi địa bàn (năm)' })
  @IsInt(vi('phải là số nguyên'))
  @Min(1, vi('không được nhỏ hơn 1'))
  @Max(10, vi('không được lớn hơn 10'))
  transformationYears: number;

  @ApiProperty({ type: [IndicatorDto] })
  @IsArray(vi('phải là danh sách'))
  @ArrayMinSize(1, vi('cần ít nhất 1 phần tử'))
  @ArrayMaxSize(1000, vi('tối đa 1000 phần tử'))
  @ValidateNested({ each: true, ...vi('mỗi phần tử phải là đối tượng') })
  @Type(() => IndicatorDto)
  indicators: IndicatorDto[];

  @ApiProperty({ type: SuccessRuleDto })
  @ValidateNested(vi('phải là đối tượng'))
  @Type(() => SuccessRuleDto)
  successRule: SuccessRuleDto;

  @ApiProperty({ type: SelectionCapDto })
  @ValidateNested(vi('phải là đối tượng'))
  @Type(() => SelectionCapDto)
  selectionCap: SelectionCapDto;

  @ApiProperty({ type: GoalsDto })
  @ValidateNested(vi('phải là đối tượng'))
  @Type(() => GoalsDto)
  goals: GoalsDto;

  @ApiProperty({ type: [CriteriaGroupDto] })
  @IsArray(vi('phải là danh sách'))
  @ArrayMaxSize(4, vi('tối đa 4 phần tử'))
  @ValidateNested({ each: true, ...vi('mỗi phần tử phải là đối tượng') })
  @Type(() => CriteriaGroupDto)
  criteriaGroups: CriteriaGroupDto[];
}

export class ImportProgrammeDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Nội dung tệp kế hoạch như trong fixtures/ (vd. plan-94-ba-ria-vung-tau-2017.json): fixture, document, period, indicators, success_rule, selection, programme_goals',
  })
  @IsObject(vi('phải là đối tượng JSON'))
  plan: Record<string, unknown>;
}

// ---- transformation ----------------------------------------------------------------------

export class FindingDto {
  @ApiProperty({ enum: CRITERIA_GROUPS, description: 'criminal (hình sự), drugs (ma túy), economy-environment (kinh tế, môi trường), other (khác)' })
  @IsIn(CRITERIA_GROUPS, oneOf(CRITERIA_GROUPS))
  group: CriteriaGroupKey;

  @ApiPropertyOptional({ nullable: true, example: '94-TC-b-2', description: 'Tiêu chí của nhóm trong chương trình' })
  @IsOptional()
  @IsString(vi('phải là chuỗi ký tự'))
  @MaxLength(64, vi('dài quá 64 ký tự'))
  criterionId?: string | null;

  @ApiPropertyOptional({ nullable: true, oneOf: [{ type: 'number' }, { type: 'boolean' }], example: 3 })
  @IsOptional()
  @IsNumberOrBoolean()
  value?: number | boolean | null;

  @ApiPropertyOptional({ nullable: true, example: 'Ba tụ điểm tổ chức sử dụng trái phép chất ma túy' })
  @IsOptional()
  @Nfc()
  @IsString(vi('phải là chuỗi ký tự'))
  @MaxLength(2000, vi('dài quá 2000 ký tự'))
  note?: string | null;
}

export class SelectCommuneDto extends YearDto {
  @ApiProperty({ example: 'long-dien-c01' })
  @Id('communeId')
  communeId: string;

  @ApiProperty({ type: [FindingDto], description: 'Nội dung phức tạp theo bốn nhóm tiêu chí (ít nhất một)' })
  @IsArray(vi('phải là danh sách'))
  @ArrayMinSize(1, vi('cần ít nhất 1 phần tử'))
  @ArrayMaxSize(100, vi('tối đa 100 phần tử'))
  @ValidateNested({ each: true, ...vi('mỗi phần tử phải là đối tượng') })
  @Type(() => FindingDto)
  findings: FindingDto[];
}

export class MeasurementDto {
  @ApiProperty({ example: '94-CT-2' })
  @IsString(vi('phải là chuỗi ký tự'))
  @IsNotEmpty(vi('không được để trống'))
  @MaxLength(64, vi('dài quá 64 ký tự'))
  indicatorId: string;

  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'boolean' }], example: 85.5 })
  @IsNumberOrBoolean()
  value: number | boolean;
}

export class ConditionResultDto {
  @ApiProperty({ example: '94-II-4-1' })
  @IsString(vi('phải là chuỗi ký tự'))
  @IsNotEmpty(vi('không được để trống'))
  @MaxLength(64, vi('dài quá 64 ký tự'))
  conditionId: string;

  @ApiProperty({ example: true })
  @IsBoolean(vi('phải là true hoặc false'))
  held: boolean;
}

export class EvaluateCommuneDto extends YearDto {
  @ApiProperty({ example: 'long-dien-c01' })
  @Id('communeId')
  communeId: string;

  @ApiProperty({ type: [MeasurementDto], description: 'Giá trị đo của từng chỉ tiêu của chương trình' })
  @IsArray(vi('phải là danh sách'))
  @ArrayMaxSize(1000, vi('tối đa 1000 phần tử'))
  @ValidateNested({ each: true, ...vi('mỗi phần tử phải là đối tượng') })
  @Type(() => MeasurementDto)
  measurements: MeasurementDto[];

  @ApiPropertyOptional({ type: [ConditionResultDto], description: 'Kết luận về từng điều kiện bắt buộc của quy tắc thành công' })
  @IsOptional()
  @IsArray(vi('phải là danh sách'))
  @ArrayMaxSize(50, vi('tối đa 50 phần tử'))
  @ValidateNested({ each: true, ...vi('mỗi phần tử phải là đối tượng') })
  @Type(() => ConditionResultDto)
  conditions?: ConditionResultDto[];

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @Nfc()
  @IsString(vi('phải là chuỗi ký tự'))
  @MaxLength(2000, vi('dài quá 2000 ký tự'))
  note?: string | null;
}

export class RecordRelapseDto extends YearDto {
  @ApiProperty({ example: 'long-dien-c01' })
  @Id('communeId')
  communeId: string;

  @ApiProperty({ example: 'Tụ điểm ma túy hoạt động trở lại' })
  @Nfc()
  @IsString(vi('phải là chuỗi ký tự'))
  @IsNotEmpty(vi('không được để trống'))
  @MaxLength(2000, vi('dài quá 2000 ký tự'))
  reason: string;

  @ApiPropertyOptional({ type: [FindingDto] })
  @IsOptional()
  @IsArray(vi('phải là danh sách'))
  @ArrayMaxSize(100, vi('tối đa 100 phần tử'))
  @ValidateNested({ each: true, ...vi('mỗi phần tử phải là đối tượng') })
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
  @IsIn(MOVEMENT_RATINGS, oneOf(MOVEMENT_RATINGS))
  rating: MovementRating;

  @ApiProperty({ example: true, description: 'Đạt tiêu chuẩn "An toàn về an ninh, trật tự"' })
  @IsBoolean(vi('phải là true hoặc false'))
  safe: boolean;
}

export class RecogniseModelUnitDto extends YearDto {
  @ApiProperty({ example: 'long-dien-c02' })
  @Id('unitId')
  unitId: string;

  @ApiPropertyOptional({ nullable: true, example: 'Quyết định số 12/QĐ-BCĐ ngày 15/12/2023' })
  @IsOptional()
  @Nfc()
  @IsString(vi('phải là chuỗi ký tự'))
  @MaxLength(300, vi('dài quá 300 ký tự'))
  decision?: string | null;
}

// ---- responses ---------------------------------------------------------------------------

export class EvaluationCommandResponseDto extends CommandResponseDto {
  @ApiProperty({ description: 'Số sự kiện đã ghi (0: không có gì mới, vd. đăng ký lại đúng đơn vị đã có)', example: 1 })
  appended: number;
}

export class UnitCommandResponseDto extends EvaluationCommandResponseDto {
  @ApiProperty({ example: 'long-dien-c01' })
  unitId: string;
}

export class ProgrammeCommandResponseDto extends EvaluationCommandResponseDto {
  @ApiProperty({ example: '94-ba-ria-vung-tau-2017' })
  programmeId: string;
}

export class CapResponseDto {
  @ApiProperty({ example: 15 })
  percent: number;

  @ApiProperty({ example: 20, description: 'Số đơn vị cấp xã hiện có của huyện vào ngày chọn' })
  communeCount: number;

  @ApiProperty({ example: 3, description: 'floor(percent × communeCount / 100)' })
  max: number;

  @ApiProperty({ example: 1, description: 'Số địa bàn đã chọn của huyện trong năm, kể cả địa bàn này' })
  selected: number;
}

export class SelectionResponseDto extends EvaluationCommandResponseDto {
  @ApiProperty({ example: 'long-dien' })
  districtId: string;

  @ApiProperty({ example: 2018 })
  year: number;

  @ApiProperty({ example: 'long-dien-c01' })
  communeId: string;

  @ApiProperty({ example: 'selected' })
  status: string;

  @ApiProperty({ type: CapResponseDto })
  cap: CapResponseDto;

  @ApiProperty({ example: '2019-01-15', description: 'Hết thời gian chuyển hóa (01 năm): đánh giá từ ngày này' })
  evaluationDueOn: string;
}

export class IndicatorResultDto {
  @ApiProperty({ example: '94-CT-2' })
  indicatorId: string;

  @ApiProperty({ enum: COMPARATORS })
  comparator: string;

  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'boolean' }], example: 80 })
  threshold: number | boolean;

  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'boolean' }], example: 82.5 })
  value: number | boolean;

  @ApiProperty({ example: true })
  met: boolean;
}

export class OutcomeDto {
  @ApiProperty({ example: 8 })
  metCount: number;

  @ApiProperty({ example: 9 })
  indicatorCount: number;

  @ApiProperty({ example: 8, description: 'Số chỉ tiêu tối thiểu phải đạt: 80% của 9 là 7,2 → 8' })
  requiredMetCount: number;

  @ApiProperty({ example: 80 })
  minimumMetPercent: number;

  @ApiProperty({ type: [String], example: [], description: 'INDICATORS_BELOW_THRESHOLD, CONDITIONS_NOT_HELD; rỗng khi thành công' })
  reasons: string[];

  @ApiProperty({ type: [IndicatorResultDto] })
  results: IndicatorResultDto[];

  @ApiProperty({ type: [String], example: ['94-CT-1', '94-CT-2'], description: 'Các chỉ tiêu đã đạt' })
  metIndicatorIds: string[];
}

export class EvaluationResponseDto extends EvaluationCommandResponseDto {
  @ApiProperty({ example: 'long-dien' })
  districtId: string;

  @ApiProperty({ example: 2018 })
  year: number;

  @ApiProperty({ example: 'long-dien-c01' })
  communeId: string;

  @ApiProperty({ enum: ['succeeded', 'failed'] })
  status: string;

  @ApiProperty({ type: OutcomeDto })
  outcome: OutcomeDto;
}

export class RelapseResponseDto extends EvaluationCommandResponseDto {
  @ApiProperty({ example: 'long-dien' })
  districtId: string;

  @ApiProperty({ example: 2018 })
  year: number;

  @ApiProperty({ example: 'long-dien-c01' })
  communeId: string;

  @ApiProperty({ example: 'relapsed' })
  status: string;
}

export class ModelWarningDto {
  @ApiProperty({ enum: ['NO_MODEL_COMMUNE', 'NO_MODEL_WARD_OR_TOWN', 'NO_MODEL_ORGANISATION'] })
  code: string;

  @ApiProperty({ enum: ['commune', 'ward_or_town', 'organisation'] })
  category: string;

  @ApiProperty({ example: 'Năm 2023 (Lâm Đồng) chưa có phường hoặc thị trấn điển hình (Kế hoạch 1875: …)' })
  message: string;
}

export class RecognitionResponseDto extends EvaluationCommandResponseDto {
  @ApiProperty({ example: 2023 })
  year: number;

  @ApiProperty({ example: 'long-dien-c02' })
  unitId: string;

  @ApiProperty({ type: [ModelWarningDto], description: 'Các loại còn thiếu điển hình trong năm của tỉnh (Kế hoạch 1875 IV.1.đ)' })
  warnings: ModelWarningDto[];
}
