import { applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';

/** The headers every command route reads (commandContext), documented once for OpenAPI. */
export const CommandHeaders = () =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Yours alone (recorded as command id `http:<userId>:<key>`): the same key again on the same stream appends nothing and ' +
        'returns the first result (`duplicate: true`); on another stream it is a 422 IDEMPOTENCY_KEY_REUSED. 1–200 printable ASCII, no spaces.',
    }),
    ApiHeader({
      name: 'X-Correlation-Id',
      required: false,
      description: "Recorded as the events' correlationId (default: the command id). 1–200 printable ASCII, no spaces.",
    }),
  );
