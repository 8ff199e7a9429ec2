import { Actor, DomainError } from '@dondoc/platform';
import { CommandContext } from '@dondoc/event-store';

type Headers = Record<string, string | string[] | undefined>;
const header = (headers: Headers, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * The context of a command: the actor from the verified token (never from the body), the
 * idempotency key, the `If-Match` version and the correlation id from the headers, the time
 * from the injected clock.
 */
export function commandContextFrom(actor: Actor, headers: Headers, now: Date): CommandContext {
  const commandId = header(headers, 'idempotency-key')?.trim() || undefined;
  const correlationId = header(headers, 'x-correlation-id')?.trim() || undefined;
  const ifMatch = header(headers, 'if-match')?.replace(/^W\//, '').replace(/"/g, '').trim();
  let expectedVersion: number | undefined;
  if (ifMatch) {
    expectedVersion = Number(ifMatch);
    if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
      throw new DomainError('invalid', 'IF_MATCH_INVALID', 'If-Match phải là số phiên bản của luồng (số nguyên ≥ 0)');
    }
  }
  if (commandId && commandId.length > 200) {
    throw new DomainError('invalid', 'IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key dài quá 200 ký tự');
  }
  return { actor, commandId, correlationId, expectedVersion, now };
}
