import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** What a command needs from its request besides the token and the route's own headers. */
export interface RequestContext {
  /** Raw `X-Correlation-Id`, checked only when a command is built from it (commandContext). */
  correlationId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * Keeps the request's correlation header for the whole handling of the request, so that every
 * command route records it without each controller having to read it (the follow-up routes
 * pass only the idempotency key and If-Match to commandContext).
 */
export function requestContextMiddleware(): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const raw = req.headers['x-correlation-id'];
    storage.run({ correlationId: Array.isArray(raw) ? raw[0] : raw }, next);
  };
}

export function currentRequestContext(): RequestContext {
  return storage.getStore() ?? {};
}
