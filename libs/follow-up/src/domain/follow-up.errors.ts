import { conflict, DomainError, forbidden, invalid, notFound } from '@dondoc/platform/errors/domain-error';

/**
 * Every refusal of the follow-up context: a stable code for clients and logs, a Vietnamese
 * message for the people who read it. Codes are part of the API; do not rename them.
 */
export const FollowUpErrors = {
  roleNotAllowed: (role: string, actionVi: string): DomainError =>
    forbidden('ROLE_NOT_ALLOWED', `Vai trò ${role} không được phép ${actionVi}`),
  notMonitoringAgency: (monitoringAgency: string): DomainError =>
    forbidden('NOT_MONITORING_AGENCY', `Chỉ cơ quan theo dõi ${monitoringAgency} của kế hoạch được đôn đốc nhiệm vụ này`, {
      monitoringAgency,
    }),
  notYourAgency: (agency: string): DomainError =>
    forbidden('NOT_YOUR_AGENCY', `Nhiệm vụ do cơ quan ${agency} chủ trì; cơ quan của bạn không được xem`, { agency }),
  noAgency: (): DomainError => forbidden('NO_AGENCY', 'Tài khoản của bạn không thuộc cơ quan nào nên không có hộp thư'),

  dateInvalid: (field: string, value: unknown): DomainError =>
    invalid('DATE_INVALID', `${field}: "${String(value)}" không phải là ngày hợp lệ (YYYY-MM-DD)`, { field }),
  dateNotInYear: (date: string, year: number): DomainError =>
    invalid('DATE_NOT_IN_YEAR', `Ngày ${date} không thuộc năm ${year}`, { date, year }),
  yearOutOfRange: (year: number): DomainError => invalid('YEAR_OUT_OF_RANGE', `Năm ${year} nằm ngoài lịch (1900–2199)`, { year }),
  reasonRequired: (): DomainError => invalid('REASON_REQUIRED', 'Cần nêu lý do (ví dụ số thông báo nghỉ lễ)'),
  dayAlreadyOff: (date: string): DomainError =>
    conflict('DAY_ALREADY_OFF', `Ngày ${date} đã là ngày nghỉ`, { date }),
  dayAlreadyWorking: (date: string): DomainError =>
    conflict('DAY_ALREADY_WORKING', `Ngày ${date} đã là ngày làm việc`, { date }),

  stagesInvalid: (problems: string[]): DomainError =>
    invalid('REMINDER_STAGES_INVALID', `Cấu hình mốc nhắc không hợp lệ: ${problems.join('; ')}`, { problems }),
  agencyCodeInvalid: (field: string, value: unknown): DomainError =>
    invalid('AGENCY_CODE_INVALID', `${field}: mã cơ quan "${String(value)}" không hợp lệ`, { field }),
  emailInvalid: (field: string): DomainError => invalid('EMAIL_INVALID', `${field}: địa chỉ thư điện tử không hợp lệ`, { field }),
  webhookUrlInvalid: (): DomainError =>
    invalid('WEBHOOK_URL_INVALID', 'webhookUrl: phải là địa chỉ http:// hoặc https:// hợp lệ', { field: 'webhookUrl' }),
  webhookSecretRequired: (): DomainError =>
    invalid('WEBHOOK_SECRET_REQUIRED', 'webhookSecret: cần khóa ký (ít nhất 16 ký tự) khi khai báo webhook', { field: 'webhookSecret' }),

  planNotFound: (planId: string): DomainError => notFound('PLAN_NOT_FOUND', `Không tìm thấy kế hoạch ${planId}`, { planId }),
  taskNotFound: (taskId: string): DomainError => notFound('TASK_NOT_FOUND', `Không tìm thấy nhiệm vụ ${taskId}`, { taskId }),
  taskClosed: (taskId: string, status: string): DomainError =>
    conflict('TASK_CLOSED', `Nhiệm vụ ${taskId} đã ${status === 'completed' ? 'hoàn thành' : 'bị hủy'}, không cần đôn đốc`, {
      taskId,
      status,
    }),
  noteRequired: (): DomainError => invalid('NOTE_REQUIRED', 'note: cần nội dung đôn đốc'),
  periodNotInObligation: (periodId: string): DomainError =>
    invalid('PERIOD_NOT_IN_OBLIGATION', `Kỳ báo cáo "${periodId}" không thuộc nghĩa vụ của nhiệm vụ`, { periodId }),
};
