import type { Request, RequestHandler } from 'express';
import { type ApiKeyService, hasScope, type Principal, type Scope } from '../app/apiKeys/apiKeys.js';
import { AccoladeError } from '../errors.js';

const principals = new WeakMap<Request, Principal>();

export function principalOf(req: Request): Principal {
  const principal = principals.get(req);
  if (principal === undefined) throw new AccoladeError('unauthorized', 'No API key was presented');
  return principal;
}

/** `Authorization: Bearer <key>`; 401 when missing or wrong, 403 when the key lacks the scope. */
export function requireScope(apiKeys: ApiKeyService, scope: Scope): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match === null) {
      throw new AccoladeError('unauthorized', 'Send an API key as "Authorization: Bearer <key>"');
    }
    const principal = await apiKeys.authenticate(match[1]!);
    if (principal === null) throw new AccoladeError('unauthorized', 'The API key is not valid');
    if (!hasScope(principal, scope)) {
      throw new AccoladeError('forbidden', `This API key does not have the "${scope}" scope`, { scope });
    }
    principals.set(req, principal);
    next();
  };
}
