import { applyDecorators, Param, PipeTransform } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse } from '@nestjs/swagger';
import { STATUS_LABELS_VI } from '@dondoc/calendar';
import { Actor, DomainError } from '@dondoc/platform';
import { Consistency, Read, TaskingQueries } from '@dondoc/projections';
import { AGENCY_CODE_PATTERN, readScopeAgency } from '@dondoc/tasking';
import { ReadMetaDto, StatusLabelsDto } from './read-models.dto';

/** The errors every query route may answer, documented once. */
export const QueryRoute = () =>
  applyDecorators(
    ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming every bad query parameter (unknown ones included)' }),
    ApiForbiddenResponse({
      description: "ROLE_NOT_ALLOWED; NOT_YOUR_AGENCY (an agency officer asking for another agency's figures); AGENCY_CEASED (an officer of an agency that has a successor since a past date)",
    }),
  );

/** `asOf` and `consistency` of a read, for the response body. */
export function readMeta(read: Read<unknown>): ReadMetaDto {
  return { asOf: read.asOf, consistency: { ...read.consistency } };
}

export const statusLabels = (): StatusLabelsDto => ({ ...STATUS_LABELS_VI });

class AgencyCodePipe implements PipeTransform<string, string> {
  constructor(private readonly name: string) {}

  transform(value: string): string {
    if (!AGENCY_CODE_PATTERN.test(value)) {
      throw new DomainError('invalid', 'VALIDATION_FAILED', `Dữ liệu không hợp lệ: ${this.name}`, {
        fields: [{ field: this.name, problems: [`${this.name} phải là mã cơ quan: chữ in hoa, số, dấu _ (2–64 ký tự)`] }],
      });
    }
    return value;
  }
}

/** A path agency code: a 400 for anything that cannot name an agency. */
export const AgencyCodeParam = (name: string) => Param(name, new AgencyCodePipe(name));

/** A 404 that also says how far the read models were, so that a client can tell "not yet" from "never". */
export function withConsistency(error: DomainError, consistency: Consistency): DomainError {
  return new DomainError(error.kind, error.code, error.message, { ...(error.details ?? {}), consistency });
}

/**
 * The agency a read is confined to (readScopeAgency), judged with the agency successions at the
 * clock's time: an officer reads their agency's figures with its predecessors', and an officer of
 * an agency that has ceased is refused. Only officers need the successions.
 */
export async function readScope(queries: TaskingQueries, actor: Actor, requested?: string | null): Promise<string | null> {
  const successions = actor.role === 'agency' ? await queries.successions() : undefined;
  return readScopeAgency(actor, requested, successions);
}
