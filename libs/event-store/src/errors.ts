import { DomainError } from '@dondoc/platform/errors/domain-error';

/** Raised when an append's expected version does not match the stream: HTTP 409. */
export class WrongExpectedVersionError extends DomainError {
  constructor(
    readonly streamId: string,
    readonly expected: number | 'any',
    readonly actual: number | null,
  ) {
    super(
      'conflict',
      'WRONG_EXPECTED_VERSION',
      `Dữ liệu đã thay đổi: luồng ${streamId} đang ở phiên bản ${actual ?? 'mới hơn'}, không phải ${expected}. Hãy tải lại rồi thử lại.`,
      { streamId, expectedVersion: expected, actualVersion: actual },
    );
  }
}
