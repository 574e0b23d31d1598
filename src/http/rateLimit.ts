import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { AccoladeError } from '../errors.js';

/**
 * Per-client-IP limit for public endpoints that make the service work hard for strangers
 * (verification fetches and cryptography). 0 turns it off. Uses express-rate-limit's in-memory
 * store: each instance limits its own share, which is what protects that instance.
 */
export function publicRateLimit(perMinute: number): RequestHandler {
  if (perMinute === 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, _res, next, options) => {
      next(
        new AccoladeError('rate_limited', 'Too many requests from this address; try again in a minute', {
          limitPerMinute: options.limit,
          retryAfterSeconds: 60,
        }),
      );
    },
  });
}
