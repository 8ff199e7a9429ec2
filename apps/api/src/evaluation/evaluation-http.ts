import { applyDecorators, Param, PipeTransform } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CommandResult } from '@dondoc/event-store';
import { ID_PATTERN } from '@dondoc/evaluation';
import { DomainError } from '@dondoc/platform';
import { CommandHeaders } from '../http/command-headers';
import { EvaluationCommandResponseDto } from './evaluation.dto';

/** The headers and refusals of every evaluation command route, documented once. */
export const EvaluationCommandRoute = (options: { ifMatch: string | null; conflicts?: string; unprocessable?: string }) =>
  applyDecorators(
    CommandHeaders(),
    ...(options.ifMatch
      ? [ApiHeader({ name: 'If-Match', required: false, description: `The version of ${options.ifMatch} you read; a different current version is a 409 WRONG_EXPECTED_VERSION.` })]
      : []),
    ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming every bad field (unknown fields too), MALFORMED_JSON, IDEMPOTENCY_KEY_INVALID, IF_MATCH_INVALID' }),
    ApiForbiddenResponse({ description: 'ROLE_NOT_ALLOWED' }),
    ApiNotFoundResponse({ description: 'PROGRAMME_NOT_FOUND, COMMUNE_NOT_SELECTED' }),
    ApiConflictResponse({ description: `WRONG_EXPECTED_VERSION${options.conflicts ? `, ${options.conflicts}` : ''}` }),
    ApiUnprocessableEntityResponse({ description: options.unprocessable ?? 'UNIT_NOT_FOUND, UNIT_NOT_ACTIVE' }),
  );

/** The public part of a command's result: where it was written, the version to send next, the global position. */
export function toEvaluationResponse(result: CommandResult): EvaluationCommandResponseDto {
  return {
    streamId: result.streamId,
    streamVersion: result.streamVersion,
    position: result.position,
    duplicate: result.duplicate,
    appended: result.eventCount,
  };
}

class EvaluationIdPipe implements PipeTransform<string, string> {
  constructor(private readonly name: string) {}

  transform(value: string): string {
    if (!ID_PATTERN.test(value)) {
      throw new DomainError('invalid', 'VALIDATION_FAILED', `Dữ liệu không hợp lệ: ${this.name}`, {
        fields: [{ field: this.name, problems: [`${this.name} gồm chữ, số, "_" hoặc "-" (tối đa 64 ký tự)`] }],
      });
    }
    return value;
  }
}

/** A path id (`programmeId`, `unitId`): a 400 for anything that cannot name a stream. */
export const EvaluationIdParam = (name: string) => Param(name, new EvaluationIdPipe(name));
