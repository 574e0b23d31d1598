import express, { type Express, type RequestHandler, type Response, type Router } from 'express';
import { mountPath } from '../badges/urls.js';
import type { TrustProxy } from '../config.js';
import { projectPath } from '../paths.js';
import type { Logger } from '../ports/logger.js';
import { createErrorHandler, notFoundHandler, refuseMalformedPath } from './errorHandler.js';
import { JSON_MEDIA_TYPES } from './jsonBody.js';

export interface HttpOptions {
  readonly publicUrl: string;
  readonly bodyLimitBytes: number;
  readonly trustProxy: TrustProxy;
  readonly logger: Logger;
  /** Told of every request as it arrives (the mail queue gives way while requests come fast). */
  readonly countRequest?: () => void;
}

/**
 * A `GET` (and `HEAD`) route asked many times a second (`/healthz`, by monitors and load
 * balancers): at exactly its path under the mount, with or without a query string, it is answered
 * before any other middleware or router runs; every other spelling Express matches (a trailing
 * slash, another case) reaches the same handler through the router.
 */
export interface DirectRoute {
  readonly path: string;
  readonly handler: RequestHandler;
}

/** The same on every answer: set from one list made once, in one call. */
const SECURITY_HEADERS = new Map<string, string>([
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'strict-origin-when-cross-origin'],
  [
    'Content-Security-Policy',
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'",
  ],
]);

function setSecurityHeaders(res: Response): void {
  res.setHeaders(SECURITY_HEADERS);
}

/** Counts the request, answers the direct routes (see DirectRoute) and passes everything else on. */
function firstLayer(
  mount: string,
  routes: readonly DirectRoute[],
  countRequest: () => void = () => {},
): RequestHandler {
  const table = new Map(routes.map((route) => [`${mount === '/' ? '' : mount}${route.path}`, route.handler]));
  return (req, res, next) => {
    countRequest();
    if (table.size === 0 || (req.method !== 'GET' && req.method !== 'HEAD')) {
      next();
      return;
    }
    const query = req.url.indexOf('?');
    const handler = table.get(query === -1 ? req.url : req.url.slice(0, query));
    if (handler === undefined) {
      next();
      return;
    }
    setSecurityHeaders(res);
    Promise.resolve(handler(req, res, next)).catch(next);
  };
}

/**
 * The Express application: thin routes (parse → use case → respond) mounted at PUBLIC_URL's
 * path, one JSON error shape for everything, never a stack trace.
 */
export function createApp(
  routers: {
    readonly parsingOwnBodies?: readonly Router[];
    readonly json: readonly Router[];
    /** Served at the origin's root whatever PUBLIC_URL's path (e.g. /.well-known/jwks.json). */
    readonly atOrigin?: readonly Router[];
    /** Answered before everything else (see DirectRoute). */
    readonly direct?: readonly DirectRoute[];
  },
  options: HttpOptions,
): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', Array.isArray(options.trustProxy) ? [...options.trustProxy] : options.trustProxy);
  app.set('etag', 'strong');
  const mount = mountPath(options.publicUrl) || '/';
  app.use(firstLayer(mount, routers.direct ?? [], options.countRequest));
  app.use(refuseMalformedPath);

  const root = express.Router();
  root.use((_req, res, next) => {
    setSecurityHeaders(res);
    next();
  });
  for (const route of routers.direct ?? []) root.get(route.path, route.handler);
  // Routes that parse their own bodies come before the application-wide JSON parser: those with
  // bodies larger or other than JSON (bulk files) with their own limits, and every route behind
  // an API key, which parses its body only once the key is checked (http/jsonBody.ts).
  for (const router of routers.parsingOwnBodies ?? []) root.use(router);
  root.use(express.json({ type: JSON_MEDIA_TYPES, limit: options.bodyLimitBytes, strict: true }));
  root.use('/static', express.static(projectPath('assets', 'pages', 'static'), { maxAge: '1h', fallthrough: true }));
  root.get('/static/site.css', (_req, res) => {
    res.sendFile(projectPath('assets', 'pages', 'site.css'), { maxAge: '1h' });
  });
  for (const router of routers.json) root.use(router);

  for (const router of routers.atOrigin ?? []) app.use(router);
  app.use(mount, root);
  app.use(notFoundHandler);
  app.use(createErrorHandler(options.logger));
  return app;
}
