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

/** The path without the query string, which can carry a recipient's email: what logs may keep. */
export function loggedUrl(originalUrl: string): string {
  const query = originalUrl.indexOf('?');
  return query === -1 ? originalUrl : originalUrl.slice(0, query);
}

/**
 * A path whose percent-encoding does not decode (`/badges/%ff`): refused with 400 before any
 * route, so no route's parameter decoding ever throws on it.
 */
export const refuseMalformedPath: RequestHandler = (req, _res, next) => {
  try {
    decodeURIComponent(loggedUrl(req.url));
  } catch {
    next(new AccoladeError('malformed_url', 'The request path has malformed percent-encoding'));
    return;
  }
  next();
};

/** body-parser and raw-body failures carry a `type`; they become our codes, never stack traces. */
function fromParserError(error: unknown): AccoladeError | undefined {
  // The router's parameter decoding (a safety net behind refuseMalformedPath).
  if (error instanceof URIError)
    return new AccoladeError('malformed_url', 'The request path has malformed percent-encoding');
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
    const url = loggedUrl(req.originalUrl);
    if (known === undefined || status >= 500) {
      logger.error({ err: error, method: req.method, url }, 'request failed');
    } else if (failure.code === 'malformed_url') {
      // Anyone can send these: one line, no stack, nothing a client chose beyond the path.
      logger.warn({ code: failure.code, method: req.method, url }, 'malformed URL refused');
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
