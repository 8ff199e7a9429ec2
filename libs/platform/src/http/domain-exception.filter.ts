import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError, DomainErrorKind } from '../errors/domain-error';

const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
};

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

/** The one place where errors become HTTP responses (STYLE.md habit 10). */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(DomainExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      return {
        statusCode: STATUS_BY_KIND[exception.kind],
        code: exception.code,
        message: exception.message,
        ...(exception.details ? { details: exception.details } : {}),
      };
    }
    const parserError = exception as BodyParserError;
    if (parserError?.type === 'entity.parse.failed') {
      return { statusCode: 400, code: 'MALFORMED_JSON', message: 'Nội dung gửi lên không phải JSON hợp lệ' };
    }
    if (parserError?.type === 'entity.too.large') {
      return {
        statusCode: 413,
        code: 'PAYLOAD_TOO_LARGE',
        message: `Nội dung gửi lên quá lớn (tối đa ${parserError.limit ?? ''} byte)`,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const original = exception.getResponse();
      const message =
        typeof original === 'string' ? original : String((original as { message?: unknown }).message ?? exception.message);
      return { statusCode: status, code: httpCode(status), message };
    }
    return { statusCode: 500, code: 'INTERNAL', message: 'Lỗi hệ thống, vui lòng thử lại sau' };
  }
}

function httpCode(status: number): string {
  if (status === 404) return 'ROUTE_NOT_FOUND';
  if (status === 429) return 'TOO_MANY_REQUESTS';
  return HttpStatus[status] ?? 'HTTP_ERROR';
}
