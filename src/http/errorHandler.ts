import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AccoladeError, type ErrorCode, isAccoladeError } from '../errors.js';
import type { Logger } from '../ports/logger.js';
import { ERROR_STATUS } from './errorStatus.js';

export interface ErrorBody {
  readonly error: { readonly code: ErrorCode; readonly message: string; readonly details?: unknown };
}

export function errorBody(error: AccoladeError): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
    },
  };
}

/** body-parser and raw-body failures carry a `type`; they become our codes, never stack traces. */
function fromParserError(error: unknown): AccoladeError | undefined {
  // A path whose percent-encoding does not decode names no resource of ours (Express's router
  // throws a URIError while matching it).
  if (error instanceof URIError) return new AccoladeError('not_found', 'No such resource');
  if (typeof error !== 'object' || error === null || !('type' in error)) return undefined;
  const type = (error as { type: unknown }).type;
  const limit = (error as { limit?: unknown }).limit;
  switch (type) {
    case 'entity.parse.failed':
      return new AccoladeError('malformed_json', 'The request body is not valid JSON');
    case 'entity.too.large':
      return new AccoladeError('payload_too_large', 'The request body is too large', { limitBytes: limit });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AccoladeError('unsupported_media_type', 'The request body encoding is not supported');
    case 'request.aborted':
    case 'request.size.invalid':
      return new AccoladeError('validation_failed', 'The request body was incomplete');
    default:
      return undefined;
  }
}

export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = isAccoladeError(error) ? error : fromParserError(error);
    const failure = known ?? new AccoladeError('internal_error', 'Something went wrong on our side');
    const status = ERROR_STATUS[failure.code];
    if (known === undefined || status >= 500) {
      logger.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed');
    }
    // RFC 9110 §15.5.2: a 401 MUST say which scheme to use; ours is RFC 6750's Bearer.
    if (failure.code === 'unauthorized') res.setHeader('WWW-Authenticate', 'Bearer realm="accolade"');
    if (failure.code === 'rate_limited' && typeof failure.details?.['retryAfterSeconds'] === 'number') {
      res.setHeader('Retry-After', String(failure.details['retryAfterSeconds']));
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(status).json(errorBody(failure));
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AccoladeError('not_found', `Nothing at ${req.method} ${req.path}`));
};
