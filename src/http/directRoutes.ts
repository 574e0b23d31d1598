import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, Express, NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * A route asked many times a second (`POST /api/v1/awards` by the systems that issue): at exactly
 * its path under the mount, with or without a query string, its handlers run before Express's
 * router sees the request, so the request walks no router's table and takes none of the router's
 * per-request set-up. The route must also be in a router: every other spelling Express matches (a
 * trailing slash, another case) reaches the same handlers there. A handler that fails, or calls
 * `next(error)`, goes to the application's error handler, as from a router.
 */
export interface DirectRoute {
  /** `GET` also answers `HEAD`, as Express does. */
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly handlers: readonly RequestHandler[];
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

export interface EarlyRoutes {
  readonly plain: readonly PlainRoute[];
  readonly direct: readonly DirectRoute[];
  /** Sets what every answer carries (the security headers). */
  readonly before: (res: ServerResponse) => void;
  /** Told of every request as it arrives. */
  readonly onRequest: () => void;
  /** The application's error handler: where a direct route's failures go. */
  readonly onError: ErrorRequestHandler;
}

/**
 * Makes `app` tell `onRequest` of every request and answer `routes` itself before its router:
 * plain routes with Node's request and response, direct routes with Express's (what
 * `app.handle` and the router would have set on them, set here).
 */
export function answerEarlyRoutes(app: Express, mount: string, routes: EarlyRoutes): void {
  const prefix = mount === '/' ? '' : mount;
  const plain = new Map(routes.plain.map((route) => [`${prefix}${route.path}`, route.handler]));
  const direct = new Map<string, readonly RequestHandler[]>();
  for (const route of routes.direct) {
    direct.set(`${route.method} ${prefix}${route.path}`, route.handlers);
    if (route.method === 'GET') direct.set(`HEAD ${prefix}${route.path}`, route.handlers);
  }
  const { before, onRequest, onError } = routes;
  // app(req, res) calls app.handle: the one place to step in before Express's own set-up.
  const express5 = app as unknown as {
    handle: (req: IncomingMessage, res: ServerResponse, next?: unknown) => void;
    request: object;
    response: object;
  };
  const expressHandle = express5.handle.bind(app);

  function answerDirect(handlers: readonly RequestHandler[], req: IncomingMessage, res: ServerResponse): void {
    // What app.handle and the router set, as they set it. Requests made by createHttpServer
    // already have Express's prototypes; others (a test's plain server) get them here.
    if (Object.getPrototypeOf(req) !== express5.request) Object.setPrototypeOf(req, express5.request);
    if (Object.getPrototypeOf(res) !== express5.response) Object.setPrototypeOf(res, express5.response);
    const request = req as Request;
    const response = res as Response;
    request.res = response;
    response.req = request;
    response.locals ??= Object.create(null);
    request.originalUrl ??= request.url;
    request.baseUrl = '';
    request.params = {};
    before(res);
    runHandlers(handlers, request, response, (error?: unknown) => {
      // Passed on without an error: Express routes it as it would any request.
      if (error === undefined) {
        expressHandle(req, res);
        return;
      }
      try {
        onError(error, request, response, () => {});
      } catch {
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      }
    });
  }

  express5.handle = (req, res, next) => {
    onRequest();
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const handlers = direct.size === 0 ? undefined : direct.get(`${req.method} ${path}`);
    if (handlers !== undefined) {
      answerDirect(handlers, req, res);
      return;
    }
    const handler = req.method === 'GET' || req.method === 'HEAD' ? plain.get(path) : undefined;
    if (handler === undefined) {
      expressHandle(req, res, next);
      return;
    }
    before(res);
    // Not expected to fail; if it does before answering, Express answers through the router.
    Promise.resolve(handler(req, res)).catch(() => {
      if (!res.headersSent) expressHandle(req, res, next);
    });
  };
}
