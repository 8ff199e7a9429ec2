import { conflict, DomainError, invalid, notFound, unprocessable } from '@dondoc/platform/errors/domain-error';

/** Refusals of the identity context: stable codes (part of the API), Vietnamese messages. */
export const IdentityErrors = {
  userExists: (userId: string): DomainError => conflict('USER_EXISTS', `Người dùng ${userId} đã tồn tại`, { userId }),
  usernameTaken: (username: string): DomainError =>
    conflict('USERNAME_TAKEN', `Tên đăng nhập "${username}" đã được sử dụng`, { username }),
  userNotFound: (userId: string): DomainError => notFound('USER_NOT_FOUND', `Không tìm thấy người dùng ${userId}`, { userId }),
  userDisabled: (userId: string): DomainError =>
    conflict('USER_DISABLED', `Tài khoản ${userId} đã bị khóa`, { userId }),
  usernameInvalid: (username: string): DomainError =>
    invalid(
      'USERNAME_INVALID',
      `Tên đăng nhập "${username}" không hợp lệ (3–64 ký tự: chữ thường không dấu, số, dấu . _ -)`,
      { username },
    ),
  roleInvalid: (role: string): DomainError =>
    invalid('ROLE_INVALID', `Vai trò "${role}" không hợp lệ (committee, monitoring, agency, auditor, admin)`, { role }),
  agencyRequired: (): DomainError =>
    invalid('AGENCY_REQUIRED', 'Cán bộ cơ quan (vai trò agency) phải có mã cơ quan'),
  agencyNotAllowed: (role: string): DomainError =>
    invalid('AGENCY_NOT_ALLOWED', `Vai trò ${role} không gắn với cơ quan; bỏ mã cơ quan`, { role }),
  agencyUnknown: (agency: string): DomainError =>
    unprocessable('AGENCY_NOT_FOUND', `Không tìm thấy cơ quan: ${agency}`, { codes: [agency] }),
  displayNameRequired: (): DomainError => invalid('DISPLAY_NAME_REQUIRED', 'Cần nêu họ tên người dùng'),
  reasonRequired: (): DomainError => invalid('REASON_REQUIRED', 'Cần nêu lý do'),
  passwordTooWeak: (min: number): DomainError =>
    invalid('PASSWORD_TOO_WEAK', `Mật khẩu phải dài ít nhất ${min} ký tự và không trùng tên đăng nhập`, { min }),
};
