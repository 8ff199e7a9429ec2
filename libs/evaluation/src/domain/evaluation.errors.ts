import { conflict, DomainError, invalid, notFound, unprocessable } from '@dondoc/platform/errors/domain-error';

/** One bad field of a command, in the same shape as the validation pipe's 400 (`details.fields`). */
export interface FieldProblem {
  field: string;
  problems: string[];
}

/**
 * Collects every problem of a command before refusing it, so that one answer names each bad
 * field (DESIGN.md, "Security"), then throws one DomainError.
 */
export class FieldProblems {
  private readonly byField = new Map<string, string[]>();

  add(field: string, problem: string): this {
    this.byField.set(field, [...(this.byField.get(field) ?? []), problem]);
    return this;
  }

  get empty(): boolean {
    return this.byField.size === 0;
  }

  list(): FieldProblem[] {
    return [...this.byField].map(([field, problems]) => ({ field, problems }));
  }

  /** Throws `invalid` (400) with code `code` when any problem was added. */
  throwIfAny(code = 'VALIDATION_FAILED', kind: 'invalid' | 'unprocessable' = 'invalid'): void {
    if (this.empty) return;
    const fields = this.list();
    throw new DomainError(kind, code, `Dữ liệu không hợp lệ: ${fields.map((f) => `${f.field} (${f.problems.join('; ')})`).join(', ')}`, {
      fields,
    });
  }
}

/**
 * Every refusal of the evaluation context: a stable code for clients and logs (part of the
 * API, never renamed), a Vietnamese message for the people who read it.
 */
export const EvaluationErrors = {
  unitAlreadyRegistered: (unitId: string): DomainError =>
    conflict('UNIT_ALREADY_REGISTERED', `Đơn vị ${unitId} đã được đăng ký với thông tin khác`, { unitId }),
  unitNotFound: (unitId: string, field = 'unitId'): DomainError =>
    unprocessable('UNIT_NOT_FOUND', `Không tìm thấy đơn vị ${unitId}`, { unitId, fields: [{ field, problems: ['không tồn tại'] }] }),
  /** The unit a query is about (a path segment, so 404); a unit named in a command is a 422 above. */
  unitNotKnown: (unitId: string): DomainError => notFound('UNIT_NOT_FOUND', `Không tìm thấy đơn vị ${unitId}`, { unitId }),
  reorganisationConflict: (reorganisationId: string): DomainError =>
    conflict('REORGANISATION_ALREADY_RECORDED', `Đợt sắp xếp ${reorganisationId} đã được ghi nhận với nội dung khác`, {
      reorganisationId,
    }),

  programmeNotFound: (programmeId: string): DomainError =>
    notFound('PROGRAMME_NOT_FOUND', `Không tìm thấy chương trình đánh giá ${programmeId}`, { programmeId }),
  programmeAlreadyDefined: (programmeId: string): DomainError =>
    conflict(
      'PROGRAMME_ALREADY_DEFINED',
      `Chương trình ${programmeId} đã được xác định với nội dung khác; những gì đã ghi không được sửa`,
      { programmeId },
    ),
  fixtureInvalid: (problems: FieldProblems): DomainError =>
    invalid('PLAN_FIXTURE_INVALID', `Kế hoạch không đọc được: ${problems.list().map((p) => p.field).join(', ')}`, {
      fields: problems.list(),
    }),

  yearOutsideProgramme: (year: number, start: string, end: string): DomainError =>
    unprocessable('YEAR_OUTSIDE_PROGRAMME', `Năm ${year} nằm ngoài thời gian thực hiện chương trình (${start} – ${end})`, {
      year,
      start,
      end,
      fields: [{ field: 'year', problems: ['ngoài thời gian thực hiện chương trình'] }],
    }),
  otherProgramme: (districtId: string, year: number, programmeId: string): DomainError =>
    conflict(
      'DISTRICT_YEAR_OF_OTHER_PROGRAMME',
      `Năm ${year}, địa bàn của ${districtId} đã được chọn theo chương trình ${programmeId}`,
      { districtId, year, programmeId },
    ),
  unitNotActive: (field: string, unitId: string, on: string): DomainError =>
    unprocessable('UNIT_NOT_ACTIVE', `Đơn vị ${unitId} không còn (hoặc chưa) tồn tại vào ngày ${on}`, {
      unitId,
      on,
      fields: [{ field, problems: [`không tồn tại vào ngày ${on}`] }],
    }),
  notACommune: (unitId: string): DomainError =>
    unprocessable('NOT_A_COMMUNE', `Đơn vị ${unitId} không phải đơn vị hành chính cấp xã (xã, phường, thị trấn)`, {
      unitId,
      fields: [{ field: 'communeId', problems: ['không phải đơn vị cấp xã'] }],
    }),
  communeWithoutDistrict: (communeId: string, parentId: string | null): DomainError =>
    unprocessable(
      'COMMUNE_WITHOUT_DISTRICT',
      `Địa bàn ${communeId} không thuộc huyện nào${parentId ? ` (trực thuộc ${parentId})` : ''}: giới hạn 15% được tính theo từng huyện`,
      { communeId, parentId, fields: [{ field: 'communeId', problems: ['không thuộc huyện nào'] }] },
    ),
  selectionCapReached: (details: {
    districtId: string;
    districtName: string;
    year: number;
    communeId: string;
    communeCount: number;
    capPercent: number;
    cap: number;
    selectedCount: number;
  }): DomainError =>
    conflict(
      'SELECTION_CAP_REACHED',
      details.cap === 0
        ? `${details.districtName} có ${details.communeCount} đơn vị cấp xã; ${details.capPercent}% của ${details.communeCount} là ${String((details.communeCount * details.capPercent) / 100).replace('.', ',')}, làm tròn xuống là 0: không được chọn địa bàn nào để chuyển hóa năm ${details.year} (đã chọn ${details.selectedCount}/0)`
        : `${details.districtName} đã chọn ${details.selectedCount}/${details.cap} địa bàn chuyển hóa năm ${details.year}: tối đa ${details.capPercent}% của ${details.communeCount} đơn vị cấp xã là ${details.cap} (làm tròn xuống); không thể chọn thêm ${details.communeId}`,
      details,
    ),
  communeAlreadySelected: (communeId: string, year: number): DomainError =>
    conflict('COMMUNE_ALREADY_SELECTED', `Địa bàn ${communeId} đã được chọn chuyển hóa năm ${year}`, { communeId, year }),
  communeInTransformation: (communeId: string, year: number): DomainError =>
    conflict('COMMUNE_IN_TRANSFORMATION', `Địa bàn ${communeId} đang chuyển hóa (chọn năm ${year}) và chưa được đánh giá`, {
      communeId,
      year,
    }),
  communeAlreadyTransformed: (communeId: string, year: number): DomainError =>
    conflict(
      'COMMUNE_ALREADY_TRANSFORMED',
      `Địa bàn ${communeId} đã chuyển hóa thành công (năm ${year}) và được đưa ra khỏi diện; chỉ chọn lại khi phức tạp trở lại`,
      { communeId, year },
    ),
  communeNotSelected: (communeId: string, year: number): DomainError =>
    notFound('COMMUNE_NOT_SELECTED', `Địa bàn ${communeId} không được chọn chuyển hóa năm ${year}`, { communeId, year }),
  communeAlreadyEvaluated: (communeId: string, year: number): DomainError =>
    conflict('COMMUNE_ALREADY_EVALUATED', `Địa bàn ${communeId} (chọn năm ${year}) đã được đánh giá`, { communeId, year }),
  evaluationNotDue: (communeId: string, dueOn: string): DomainError =>
    unprocessable(
      'EVALUATION_NOT_DUE',
      `Địa bàn ${communeId} chuyển hóa trong 01 năm, đến ngày ${dueOn}; chưa thể đánh giá trước ngày đó`,
      { communeId, dueOn },
    ),
  communeNotTransformed: (communeId: string, status: string): DomainError =>
    conflict('COMMUNE_NOT_TRANSFORMED', `Địa bàn ${communeId} chưa chuyển hóa thành công (trạng thái: ${status}); không thể ghi nhận phức tạp trở lại`, {
      communeId,
      status,
    }),
  communeAlreadyRelapsed: (communeId: string): DomainError =>
    conflict('COMMUNE_ALREADY_RELAPSED', `Địa bàn ${communeId} đã được ghi nhận phức tạp trở lại`, { communeId }),

  unitNotEvaluable: (unitId: string, level: string): DomainError =>
    unprocessable(
      'UNIT_NOT_EVALUABLE',
      `Đơn vị ${unitId} (${level}) không thuộc diện phân loại phong trào: chỉ xã, phường, thị trấn, cơ quan, doanh nghiệp, cơ sở giáo dục`,
      { unitId, level, fields: [{ field: 'unitId', problems: ['không thuộc diện phân loại phong trào'] }] },
    ),
  yearInFuture: (year: number, today: string): DomainError =>
    unprocessable('YEAR_IN_FUTURE', `Chưa thể phân loại, công nhận cho năm ${year} (hôm nay là ${today})`, {
      year,
      fields: [{ field: 'year', problems: ['năm chưa đến'] }],
    }),
  classificationLocked: (unitId: string, year: number): DomainError =>
    conflict(
      'MOVEMENT_CLASSIFICATION_LOCKED',
      `Đơn vị ${unitId} đã được công nhận điển hình năm ${year} theo kết quả phân loại đã ghi; không thể phân loại lại`,
      { unitId, year },
    ),
  movementNotClassified: (unitId: string, year: number): DomainError =>
    unprocessable('MOVEMENT_NOT_CLASSIFIED', `Đơn vị ${unitId} chưa được phân loại phong trào năm ${year}`, { unitId, year }),
  alreadyRecognised: (unitId: string, year: number): DomainError =>
    conflict('MODEL_UNIT_ALREADY_RECOGNISED', `Đơn vị ${unitId} đã được công nhận điển hình năm ${year}`, { unitId, year }),
  notEligible: (unitId: string, year: number, reasons: string[]): DomainError =>
    unprocessable(
      'MODEL_UNIT_NOT_ELIGIBLE',
      `Đơn vị ${unitId} không đủ điều kiện công nhận điển hình năm ${year}: ${reasons.join('; ')} (Kế hoạch 1875: đạt "An toàn về an ninh, trật tự" và phong trào xếp loại khá trở lên)`,
      { unitId, year, reasons },
    ),
};
