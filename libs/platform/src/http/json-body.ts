import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { json } from 'express';

/**
 * body-parser's error, re-thrown as a plain Error: Nest turns a parser SyntaxError into a bare
 * BadRequestException and drops its `type`, so the exception filter could no longer tell a
 * malformed body from any other 400.
 */
export class RequestBodyError extends Error {
  constructor(
    readonly type: string,
    readonly status: number,
    readonly limit: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'RequestBodyError';
  }
}

interface BodyParserFailure {
  type?: string;
  status?: number;
  limit?: number;
  message?: string;
}

/** JSON body parsing whose failures reach `DomainExceptionFilter` with their kind intact. */
export function jsonBodyParser(limit: string): RequestHandler {
  const parse = json({ limit });
  return (req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (err?: unknown) => {
      if (!err) return next();
      const failure = err as BodyParserFailure;
      next(new RequestBodyError(failure.type ?? 'entity.parse.failed', failure.status ?? 400, failure.limit, failure.message ?? 'invalid body'));
    });
}
