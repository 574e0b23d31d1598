import { type Request, type RequestHandler, Router } from 'express';
import type { PublicDocumentRoute } from '../../app/documents/publicDocuments.js';
import type { UrlLayout } from '../../badges/urls.js';

/** Where a published URL is served, relative to the router's mount point (PUBLIC_URL's path). */
export function routePath(urls: UrlLayout, url: string): string {
  return decodeURIComponent(new URL(url).pathname).slice(urls.mount.length);
}

function queryOf(req: Request): Record<string, string | undefined> {
  const query: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.query)) query[name] = typeof value === 'string' ? value : undefined;
  return query;
}

/**
 * Serves the table of public documents (app/documents/publicDocuments.ts) with the content
 * types of the issue: OB 2.0 as JSON-LD, JWS and VC-JWT as text/plain, the Data Integrity
 * credential as application/vc+ld+json, keys as JWK/JWKS, the DID document as application/did+json.
 */
function serveDocument(route: PublicDocumentRoute): RequestHandler {
  return async (req, res) => {
    const document = await route.serve({
      params: req.params as Record<string, string>,
      accept: req.get('accept') ?? '*/*',
      query: queryOf(req),
    });
    if (document.cacheControl !== undefined) res.setHeader('Cache-Control', document.cacheControl);
    if (document.filename !== undefined) {
      res.setHeader('Content-Disposition', `inline; filename="${document.filename}"`);
    }
    res.status(document.status).type(document.contentType).send(document.body);
  };
}

export function documentRoutes(urls: UrlLayout, routes: readonly PublicDocumentRoute[]): Router {
  const router = Router();
  for (const route of routes) router.get(routePath(urls, route.pattern), serveDocument(route));
  return router;
}

/**
 * When PUBLIC_URL has a path, the JWKS is also answered at the origin's own
 * `/.well-known/jwks.json`, where OB 3.0's recommended practice has verifiers look for an
 * issuer's keys (open-badges.md B5).
 */
export function originJwksRoutes(urls: UrlLayout, routes: readonly PublicDocumentRoute[]): Router {
  const router = Router();
  const jwks = routes.find((route) => route.name === 'jwks');
  if (jwks !== undefined && urls.mount !== '') router.get('/.well-known/jwks.json', serveDocument(jwks));
  return router;
}
