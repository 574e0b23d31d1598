import { type Request, type RequestHandler, Router } from 'express';
import type { UrlLayout } from '../../badges/urls.js';
import type { DocumentRoute } from './documentTable.js';

function queryOf(req: Request): Record<string, string | undefined> {
  const query: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.query)) query[name] = typeof value === 'string' ? value : undefined;
  return query;
}

/** Serves one route of the public document table (documentTable.ts) with its headers. */
function serveDocument(route: DocumentRoute): RequestHandler {
  return async (req, res) => {
    const document = await route.serve({
      params: req.params as Record<string, string>,
      query: queryOf(req),
      accepts: (types) => req.accepts(types),
    });
    if (document.cacheControl !== undefined) res.setHeader('Cache-Control', document.cacheControl);
    if (document.filename !== undefined) {
      res.setHeader('Content-Disposition', `inline; filename="${document.filename}"`);
    }
    res.status(document.status).type(document.contentType).send(document.body);
  };
}

export function documentRoutes(routes: readonly DocumentRoute[]): Router {
  const router = Router();
  for (const route of routes) router.get(route.path, serveDocument(route));
  return router;
}

/**
 * When PUBLIC_URL has a path, the JWKS is also answered at the origin's own
 * `/.well-known/jwks.json`, where OB 3.0's recommended practice has verifiers look for an
 * issuer's keys (docs/open-badges.md B5).
 */
export function originJwksRoutes(urls: UrlLayout, routes: readonly DocumentRoute[]): Router {
  const router = Router();
  const jwks = routes.find((route) => route.name === 'jwks');
  if (jwks !== undefined && urls.mount !== '') router.get('/.well-known/jwks.json', serveDocument(jwks));
  return router;
}
