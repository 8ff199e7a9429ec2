import { randomUUID } from 'node:crypto';
import { applyDecorators, Param, PipeTransform } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiHeader, ApiNotFoundResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ReportingSchedule } from '@dondoc/calendar';
import { CommandResult } from '@dondoc/event-store';
import { DomainError } from '@dondoc/platform';
import { deterministicUuid, ID_PATTERN } from '@dondoc/tasking';
import { CommandHeaders } from '../http/command-headers';
import { CommandResponseDto, ReportingScheduleDto } from './tasking.dto';

/** The headers every command route reads, documented once. */
export const CommandRoute = (options: { ifMatch: boolean }) =>
  applyDecorators(
    CommandHeaders(),
    ...(options.ifMatch
      ? [
          ApiHeader({
            name: 'If-Match',
            required: false,
            description: 'The stream version you read (e.g. `3` or `"3"`); a different current version is a 409.',
          }),
        ]
      : []),
    ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming every bad field, MALFORMED_JSON, …' }),
    ApiForbiddenResponse({ description: 'ROLE_NOT_ALLOWED, NOT_YOUR_AGENCY' }),
    ApiNotFoundResponse({ description: 'TASK_NOT_FOUND, PLAN_NOT_FOUND, …' }),
    ApiConflictResponse({ description: 'WRONG_EXPECTED_VERSION, TASK_CANCELLED, …' }),
    ApiUnprocessableEntityResponse({ description: 'AGENCY_NOT_FOUND, PERIOD_NOT_IN_OBLIGATION, IDEMPOTENCY_KEY_REUSED, …' }),
  );

/** The public part of a command's result. */
export function toResponse(result: CommandResult): CommandResponseDto {
  return { streamId: result.streamId, streamVersion: result.streamVersion, position: result.position, duplicate: result.duplicate };
}

class IdPipe implements PipeTransform<string, string> {
  constructor(private readonly name: string) {}

  transform(value: string): string {
    if (!ID_PATTERN.test(value)) {
      throw new DomainError('invalid', 'ID_INVALID', `${this.name} không hợp lệ (chữ, số, _ . : -; tối đa 128 ký tự)`, {
        field: this.name,
      });
    }
    return value;
  }
}

/** A path id (`taskId`, `planId` …): a 400 for anything that cannot name a stream. */
export const IdParam = (name: string) => Param(name, new IdPipe(name));

/** A DTO schedule in the calendar's shape (`relation` defaults to `on`). */
export function toSchedule(dto: ReportingScheduleDto | undefined): ReportingSchedule | null {
  if (!dto) return null;
  return { ...dto, relation: dto.relation ?? 'on' } as ReportingSchedule;
}

/** An id the client did not choose: stable for one Idempotency-Key, so that a retry names the same thing. */
export function newId(kind: string, scope: string, commandId: string | undefined): string {
  return commandId ? deterministicUuid('http', kind, scope, commandId) : randomUUID();
}
