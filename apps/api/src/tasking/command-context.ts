import { CommandContext } from '@dondoc/event-store';
import { Actor, DomainError } from '@dondoc/platform';

/** Printable ASCII without spaces; a UUID fits. */
const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;
/** A stream version, optionally quoted as an entity tag (`3`, `"3"`, `W/"3"`). */
const IF_MATCH_PATTERN = /^(?:W\/)?("?)(\d{1,9})\1$/;

/**
 * A command's context: the actor from the verified token (never the body), `Idempotency-Key`
 * as the command id, `If-Match` as the expected stream version, business time from the
 * injected clock.
 */
export function commandContext(actor: Actor, now: Date, idempotencyKey?: string, ifMatch?: string): CommandContext {
  const context: CommandContext = { actor, now };
  const key = idempotencyKey?.trim();
  if (key) {
    if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw new DomainError(
        'invalid',
        'IDEMPOTENCY_KEY_INVALID',
        'Idempotency-Key phải gồm 1–200 ký tự ASCII in được, không có khoảng trắng',
      );
    }
    context.commandId = key;
  }
  const match = ifMatch?.trim();
  if (match) {
    const parsed = IF_MATCH_PATTERN.exec(match);
    if (!parsed) {
      throw new DomainError('invalid', 'IF_MATCH_INVALID', 'If-Match phải là số phiên bản của luồng (số nguyên ≥ 0, có thể đặt trong ngoặc kép)');
    }
    context.expectedVersion = Number(parsed[2]);
  }
  return context;
}
