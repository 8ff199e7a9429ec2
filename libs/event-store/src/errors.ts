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

/**
 * A command id already used for a command on another stream: 422. The first result belongs to
 * that other command, so answering it (or appending anyway) would hide one of the two.
 */
export class IdempotencyKeyReusedError extends DomainError {
  constructor(
    readonly streamId: string,
    readonly earlierStreamId: string,
  ) {
    super(
      'unprocessable',
      'IDEMPOTENCY_KEY_REUSED',
      'Idempotency-Key này đã được dùng cho một thao tác khác; hãy dùng một khóa mới cho mỗi thao tác',
      { streamId },
    );
  }
}
