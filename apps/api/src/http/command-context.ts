import { CommandContext } from '@dondoc/event-store';
import { Actor, DomainError } from '@dondoc/platform';
import { currentRequestContext } from './request-context';

/** Printable ASCII without spaces, 1–200 characters; a UUID fits. */
const HEADER_TOKEN_PATTERN = /^[\x21-\x7e]{1,200}$/;
/** A stream version, optionally quoted as an entity tag (`3`, `"3"`, `W/"3"`). */
const IF_MATCH_PATTERN = /^(?:W\/)?("?)(\d{1,9})\1$/;

/**
 * Command ids of HTTP requests live in their own namespace, one per user: `http:<userId>:<key>`
 * (the user id percent-encoded, so that it holds no `:` and the mapping is one-to-one). A key is
 * therefore never shared between users, and no caller can claim an id the system derives for
 * itself (imports, reminders, programme imports), which never start with `http:`.
 */
export function httpCommandId(actor: Actor, idempotencyKey: string): string {
  return `http:${encodeURIComponent(actor.userId)}:${idempotencyKey}`;
}

/**
 * A command's context, the one builder of every command route: the actor from the verified
 * token (never the body), `Idempotency-Key` scoped to the user as the command id,
 * `If-Match` as the expected stream version, `X-Correlation-Id` (read for the whole request
 * by requestContextMiddleware) as the correlation id, business time from the injected clock.
 * A malformed header is a 400 naming it.
 */
export function commandContext(actor: Actor, now: Date, idempotencyKey?: string, ifMatch?: string): CommandContext {
  const context: CommandContext = { actor, now };
  const key = idempotencyKey?.trim();
  if (key) {
    if (!HEADER_TOKEN_PATTERN.test(key)) {
      throw new DomainError(
        'invalid',
        'IDEMPOTENCY_KEY_INVALID',
        'Idempotency-Key phải gồm 1–200 ký tự ASCII in được, không có khoảng trắng',
        { field: 'Idempotency-Key' },
      );
    }
    context.commandId = httpCommandId(actor, key);
  }
  const match = ifMatch?.trim();
  if (match) {
    const parsed = IF_MATCH_PATTERN.exec(match);
    if (!parsed) {
      throw new DomainError(
        'invalid',
        'IF_MATCH_INVALID',
        'If-Match phải là số phiên bản của luồng (số nguyên ≥ 0, có thể đặt trong ngoặc kép)',
        { field: 'If-Match' },
      );
    }
    context.expectedVersion = Number(parsed[2]);
  }
  const correlation = currentRequestContext().correlationId?.trim();
  if (correlation) {
    if (!HEADER_TOKEN_PATTERN.test(correlation)) {
      throw new DomainError(
        'invalid',
        'CORRELATION_ID_INVALID',
        'X-Correlation-Id phải gồm 1–200 ký tự ASCII in được, không có khoảng trắng',
        { field: 'X-Correlation-Id' },
      );
    }
    context.correlationId = correlation;
  }
  return context;
}
