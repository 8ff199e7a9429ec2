import { conflict, DomainError, forbidden, invalid, notFound, unprocessable } from '@dondoc/platform/errors/domain-error';
import { FIRST_PLAN_YEAR, LAST_PLAN_YEAR } from './tasking.types';

/** `2025-07-01` as Vietnamese readers write it: `01/07/2025`. */
const viDate = (date: string): string => date.split('-').reverse().join('/');

/**
 * Every refusal of the tasking context: a stable code for clients and logs, a Vietnamese
 * message for the people who read it. Codes are part of the API; do not rename them.
 */
export const TaskingErrors = {
  roleNotAllowed: (roleLabel: string, actionVi: string): DomainError =>
    forbidden('ROLE_NOT_ALLOWED', `Vai trò ${roleLabel} không được phép ${actionVi}`),
  notYourAgency: (actionVi: string, leadAgency: string): DomainError =>
    forbidden('NOT_YOUR_AGENCY', `Nhiệm vụ do cơ quan ${leadAgency} chủ trì; cơ quan của bạn không được phép ${actionVi}`, {
      leadAgency,
    }),
  notYourAgencyFigures: (agency: string): DomainError =>
    forbidden('NOT_YOUR_AGENCY', `Cán bộ cơ quan chỉ được xem số liệu của cơ quan mình, không được xem của cơ quan ${agency}`, {
      agency,
    }),

  agencyAlreadyRegistered: (code: string): DomainError =>
    conflict('AGENCY_ALREADY_REGISTERED', `Cơ quan ${code} đã được đăng ký`, { code }),
  agencyNotFound: (codes: string[]): DomainError =>
    unprocessable('AGENCY_NOT_FOUND', `Không tìm thấy cơ quan: ${codes.join(', ')}`, { codes }),
  /** The agency a command is addressed to (its own stream) does not exist: 404, unlike an agency a command names (422). */
  agencyNotRegistered: (code: string): DomainError => notFound('AGENCY_NOT_FOUND', `Không tìm thấy cơ quan ${code}`, { code }),
  agencyAlreadySucceeded: (code: string, successorCode: string, effectiveOn: string): DomainError =>
    conflict(
      'AGENCY_ALREADY_SUCCEEDED',
      `Cơ quan ${code} đã chấm dứt từ ngày ${viDate(effectiveOn)}, công việc đã chuyển cho ${successorCode}`,
      { code, successorCode, effectiveOn },
    ),
  successorIsSelf: (code: string): DomainError =>
    invalid('SUCCESSOR_IS_SELF', `Cơ quan ${code} không thể kế thừa chính nó`, { field: 'successorCode', code }),
  successionCycle: (chain: string[]): DomainError =>
    unprocessable('SUCCESSION_CYCLE', `Kế thừa tạo thành vòng lặp: ${chain.join(' → ')}`, { chain }),
  successorCeased: (successorCode: string, itsSuccessor: string, ceasedOn: string, effectiveOn: string): DomainError =>
    unprocessable(
      'SUCCESSOR_CEASED',
      `Cơ quan kế thừa ${successorCode} đã chấm dứt từ ngày ${viDate(ceasedOn)} (trước hoặc cùng ngày ${viDate(effectiveOn)}); hãy chọn ${itsSuccessor}`,
      { successorCode, itsSuccessor, ceasedOn, effectiveOn },
    ),
  agencyCeased: (code: string, successorCode: string, effectiveOn: string): DomainError =>
    forbidden(
      'AGENCY_CEASED',
      `Cơ quan ${code} đã chấm dứt từ ngày ${viDate(effectiveOn)}; công việc của cơ quan do ${successorCode} đảm nhận`,
      { code, successorCode, effectiveOn },
    ),

  planAlreadyIssued: (planId: string): DomainError =>
    conflict('PLAN_ALREADY_ISSUED', `Kế hoạch ${planId} đã được ban hành`, { planId }),
  planNotFound: (planId: string): DomainError => notFound('PLAN_NOT_FOUND', `Không tìm thấy kế hoạch ${planId}`, { planId }),
  planPeriodInvalid: (start: string, end: string): DomainError =>
    invalid('PLAN_PERIOD_INVALID', `Thời gian thực hiện không hợp lệ: ngày kết thúc ${end} trước ngày bắt đầu ${start}`, {
      start,
      end,
    }),

  taskNotFound: (taskId: string): DomainError => notFound('TASK_NOT_FOUND', `Không tìm thấy nhiệm vụ ${taskId}`, { taskId }),
  taskAlreadyAssigned: (taskId: string): DomainError =>
    conflict('TASK_ALREADY_ASSIGNED', `Nhiệm vụ ${taskId} đã được giao`, { taskId }),
  taskCancelled: (actionVi: string): DomainError => conflict('TASK_CANCELLED', `Nhiệm vụ đã bị hủy, không thể ${actionVi}`),
  taskCompleted: (actionVi: string): DomainError =>
    conflict('TASK_COMPLETED', `Nhiệm vụ đã hoàn thành, không thể ${actionVi}`),
  obligationRequired: (): DomainError =>
    invalid('OBLIGATION_REQUIRED', 'Nhiệm vụ phải có hạn hoàn thành hoặc chế độ báo cáo định kỳ (hoặc cả hai)'),
  leadAlsoCoordinating: (code: string): DomainError =>
    invalid('LEAD_ALSO_COORDINATING', `Cơ quan chủ trì ${code} không thể đồng thời là cơ quan phối hợp`, { code }),
  coordinatingDuplicated: (code: string): DomainError =>
    invalid('COORDINATING_AGENCY_DUPLICATED', `Cơ quan phối hợp ${code} được nêu nhiều lần`, { code }),
  sameLeadAgency: (code: string): DomainError =>
    conflict('SAME_LEAD_AGENCY', `Cơ quan ${code} đang là cơ quan chủ trì của nhiệm vụ`, { code }),

  scheduleInvalid: (detail: string): DomainError =>
    invalid('REPORTING_SCHEDULE_INVALID', `Chế độ báo cáo không hợp lệ: ${detail}`),
  dateInvalid: (field: string, value: unknown): DomainError =>
    invalid('DATE_INVALID', `${field}: "${String(value)}" không phải là ngày hợp lệ (YYYY-MM-DD, năm từ ${FIRST_PLAN_YEAR} đến ${LAST_PLAN_YEAR})`, {
      field,
    }),
  textRequired: (field: string): DomainError => invalid('TEXT_REQUIRED', `${field}: không được để trống`, { field }),
  textTooLong: (field: string, max: number): DomainError =>
    invalid('TEXT_TOO_LONG', `${field}: dài quá ${max} ký tự`, { field, max }),
  codeInvalid: (field: string, value: string): DomainError =>
    invalid('AGENCY_CODE_INVALID', `${field}: mã cơ quan "${value}" không hợp lệ (chữ in hoa, số, dấu _; 2–64 ký tự)`, {
      field,
    }),
  reasonRequired: (): DomainError => invalid('REASON_REQUIRED', 'Cần nêu lý do'),
  progressOutOfRange: (value: number): DomainError =>
    invalid('PROGRESS_OUT_OF_RANGE', `Tiến độ phải là số nguyên từ 0 đến 100 (%), nhận được ${value}`),

  periodNotInObligation: (periodId: string): DomainError =>
    unprocessable('PERIOD_NOT_IN_OBLIGATION', `Kỳ báo cáo "${periodId}" không thuộc nghĩa vụ báo cáo của nhiệm vụ`, {
      periodId,
    }),
  periodAlreadyReported: (periodId: string): DomainError =>
    conflict('PERIOD_ALREADY_REPORTED', `Kỳ "${periodId}" đã có báo cáo đang chờ duyệt hoặc đã được chấp nhận`, { periodId }),
  reportAlreadyExists: (reportId: string): DomainError =>
    conflict('REPORT_ALREADY_EXISTS', `Báo cáo ${reportId} đã tồn tại`, { reportId }),
  reportNotFound: (reportId: string): DomainError =>
    notFound('REPORT_NOT_FOUND', `Không tìm thấy báo cáo ${reportId} của nhiệm vụ`, { reportId }),
  reportAlreadyReviewed: (reportId: string): DomainError =>
    conflict('REPORT_ALREADY_REVIEWED', `Báo cáo ${reportId} đã được duyệt`, { reportId }),
  reportPendingReview: (reportIds: string[]): DomainError =>
    conflict('REPORT_PENDING_REVIEW', `Còn báo cáo chưa được duyệt (${reportIds.join(', ')}); hãy duyệt trước khi kết thúc nhiệm vụ`, {
      reportIds,
    }),

  extensionAlreadyExists: (extensionId: string): DomainError =>
    conflict('EXTENSION_ALREADY_EXISTS', `Đề nghị gia hạn ${extensionId} đã tồn tại`, { extensionId }),
  extensionAlreadyPending: (periodId: string, extensionId: string): DomainError =>
    conflict('EXTENSION_ALREADY_PENDING', `Kỳ "${periodId}" đã có đề nghị gia hạn ${extensionId} đang chờ quyết định`, {
      periodId,
      extensionId,
    }),
  extensionNotLater: (dueAt: string): DomainError =>
    unprocessable('EXTENSION_DATE_NOT_LATER', `Ngày gia hạn phải sau hạn đang áp dụng (${dueAt})`, { dueAt }),
  extensionNotFound: (extensionId: string): DomainError =>
    notFound('EXTENSION_NOT_FOUND', `Không tìm thấy đề nghị gia hạn ${extensionId} của nhiệm vụ`, { extensionId }),
  extensionAlreadyDecided: (extensionId: string): DomainError =>
    conflict('EXTENSION_ALREADY_DECIDED', `Đề nghị gia hạn ${extensionId} đã được quyết định`, { extensionId }),
};
