import type { Request, RequestHandler } from 'express';
import { type ApiKeyService, hasScope, type Principal, type Scope } from '../app/apiKeys/apiKeys.js';
import { AccoladeError } from '../errors.js';
import type { AuthFailureLimit } from './authFailureLimit.js';

const principals = new WeakMap<Request, Principal>();

/**
 * The failure limit of each API-key service, set once by the composition root. Kept beside the
 * service rather than passed to every `requireScope` so that every route behind that service's
 * keys shares one count per client, whichever router it lives in.
 */
const failureLimits = new WeakMap<ApiKeyService, AuthFailureLimit>();

export function limitFailedAuthentications(apiKeys: ApiKeyService, limit: AuthFailureLimit): void {
  failureLimits.set(apiKeys, limit);
}

function unauthorized(req: Request, limit: AuthFailureLimit | undefined, message: string): AccoladeError {
  limit?.recordFailure(req.ip ?? '');
  return new AccoladeError('unauthorized', message);
}

export function principalOf(req: Request): Principal {
  const principal = principals.get(req);
  if (principal === undefined) throw new AccoladeError('unauthorized', 'No API key was presented');
  return principal;
}

/**
 * `Authorization: Bearer <key>`; 401 when missing or wrong, 403 when the key lacks the scope,
 * 429 `rate_limited` once the client has failed too often (ADMIN_AUTH_FAILURES_PER_MINUTE).
 */
export function requireScope(apiKeys: ApiKeyService, scope: Scope): RequestHandler {
  return async (req, _res, next) => {
    const limit = failureLimits.get(apiKeys);
    // req.ip walks the proxy chain (TRUST_PROXY): only worth it once someone has failed.
    const retryAfterSeconds = limit?.anyFailures === true ? limit.blockedFor(req.ip ?? '') : undefined;
    if (limit !== undefined && retryAfterSeconds !== undefined) {
      throw new AccoladeError('rate_limited', 'Too many failed API key attempts from this address; try again later', {
        failedAttemptsPerMinute: limit.limit,
        retryAfterSeconds,
      });
    }
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match === null) throw unauthorized(req, limit, 'Send an API key as "Authorization: Bearer <key>"');
    const principal = await apiKeys.authenticate(match[1]!);
    if (principal === null) throw unauthorized(req, limit, 'The API key is not valid');
    if (!hasScope(principal, scope)) {
      throw new AccoladeError('forbidden', `This API key does not have the "${scope}" scope`, { scope });
    }
    principals.set(req, principal);
    next();
  };
}
