import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { AccoladeError } from '../errors.js';

/**
 * The seconds until the window resets, as the `RateLimit` header just told the client
 * (`limit=5, remaining=0, reset=37`), so `Retry-After` says the same; a minute if it is missing.
 */
function resetSeconds(header: unknown): number {
  const reset = /\breset=(\d+)/.exec(String(header ?? ''));
  return reset === null ? 60 : Number(reset[1]);
}

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
    // A client may send X-Forwarded-For while no proxy is trusted: that is the attack TRUST_PROXY
    // guards against, not a misconfiguration to print on the console for every stranger.
    validate: { xForwardedForHeader: false },
    handler: (_req, res, next, options) => {
      next(
        new AccoladeError('rate_limited', 'Too many requests from this address; try again later', {
          limitPerMinute: options.limit,
          retryAfterSeconds: resetSeconds(res.getHeader('RateLimit')),
        }),
      );
    },
  });
}
