import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * A route asked many times a second (`GET /healthz` by monitors and load balancers, `POST
 * /api/v1/awards` by the systems that issue): at exactly its path under the mount, with or without
 * a query string, its handlers run before any other middleware or router, so the request does not
 * walk every router's table first. The route must also be in a router: every other spelling
 * Express matches (a trailing slash, another case) reaches the same handlers there. A handler that
 * fails, or calls `next(error)`, goes to the application's error handler, as from a router.
 */
export interface DirectRoute {
  /** `GET` also answers `HEAD`, as Express does. */
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly handlers: readonly RequestHandler[];
}

/** Runs `handlers` in order as Express would (each may call next, throw, or reject). */
function runHandlers(handlers: readonly RequestHandler[], req: Request, res: Response, done: NextFunction): void {
  let index = 0;
  const next: NextFunction = (error?: unknown) => {
    if (error !== undefined) {
      done(error);
      return;
    }
    const handler = handlers[index++];
    if (handler === undefined) {
      done();
      return;
    }
    try {
      const result: unknown = handler(req, res, next);
      if (result instanceof Promise) result.catch((failure: unknown) => done(failure ?? new Error('Rejected')));
    } catch (failure) {
      done(failure);
    }
  };
  next();
}

/**
 * The first middleware of the application: tells `onRequest` of each request, runs the direct
 * routes' handlers (after `before`, which sets what every answer carries) and passes everything
 * else on.
 */
export function directRoutes(
  mount: string,
  routes: readonly DirectRoute[],
  before: (res: Response) => void,
  onRequest: () => void = () => {},
): RequestHandler {
  const prefix = mount === '/' ? '' : mount;
  const table = new Map<string, readonly RequestHandler[]>();
  for (const route of routes) {
    table.set(`${route.method} ${prefix}${route.path}`, route.handlers);
    if (route.method === 'GET') table.set(`HEAD ${prefix}${route.path}`, route.handlers);
  }
  return (req, res, next) => {
    onRequest();
    if (table.size === 0) {
      next();
      return;
    }
    const query = req.url.indexOf('?');
    const handlers = table.get(`${req.method} ${query === -1 ? req.url : req.url.slice(0, query)}`);
    if (handlers === undefined) {
      next();
      return;
    }
    before(res);
    runHandlers(handlers, req, res, next);
  };
}

/**
 * A `GET` (and `HEAD`) route whose handler needs nothing of Express (`/healthz`: two bodies made
 * once): at exactly its path under the mount (query string allowed) it is answered
 * with Node's own request and response before Express sees the request, which spares the
 * per-request set-up Express does for every other route. Like a DirectRoute, it must also be in a
 * router for the other spellings.
 */
export interface PlainRoute {
  readonly path: string;
  readonly handler: (req: IncomingMessage, res: ServerResponse) => unknown;
}

/** Makes `app` answer `routes` itself, after `before` (what every answer carries), before Express. */
export function answerPlainRoutes(
  app: Express,
  mount: string,
  routes: readonly PlainRoute[],
  before: (res: ServerResponse) => void,
  onRequest: () => void = () => {},
): void {
  if (routes.length === 0) return;
  const prefix = mount === '/' ? '' : mount;
  const table = new Map(routes.map((route) => [`${prefix}${route.path}`, route.handler]));
  // app(req, res) calls app.handle: the one place to step in before Express's own set-up.
  const withHandle = app as unknown as { handle: (req: IncomingMessage, res: ServerResponse, next?: unknown) => void };
  const expressHandle = withHandle.handle.bind(app);
  withHandle.handle = (req, res, next) => {
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const handler =
      req.method === 'GET' || req.method === 'HEAD' ? table.get(query === -1 ? url : url.slice(0, query)) : undefined;
    if (handler === undefined) {
      expressHandle(req, res, next);
      return;
    }
    onRequest();
    before(res);
    // Not expected to fail; if it does before answering, Express answers through the router.
    Promise.resolve(handler(req, res)).catch(() => {
      if (!res.headersSent) expressHandle(req, res, next);
    });
  };
}
