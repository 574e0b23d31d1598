import { createServer, IncomingMessage, type Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import express, { type Express, type Router } from 'express';
import { mountPath } from '../badges/urls.js';
import type { TrustProxy } from '../config.js';
import { projectPath } from '../paths.js';
import type { Logger } from '../ports/logger.js';
import { answerEarlyRoutes, type DirectRoute, type PlainRoute } from './directRoutes.js';
import { createErrorHandler, notFoundHandler, refuseMalformedPath } from './errorHandler.js';
import { strongEtag } from './etag.js';
import { JSON_MEDIA_TYPES } from './jsonBody.js';

export interface HttpOptions {
  readonly publicUrl: string;
  readonly bodyLimitBytes: number;
  readonly trustProxy: TrustProxy;
  readonly logger: Logger;
  /** Told of every request as it arrives (the mail queue gives way while requests come fast). */
  readonly countRequest?: () => void;
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

function setSecurityHeaders(res: ServerResponse): void {
  res.setHeaders(SECURITY_HEADERS);
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
    /** Answered before Express's router (see DirectRoute); each is also in one of the routers. */
    readonly direct?: readonly DirectRoute[];
    /** Answered before Express (see PlainRoute); each is also in one of the routers. */
    readonly plain?: readonly PlainRoute[];
  },
  options: HttpOptions,
): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', Array.isArray(options.trustProxy) ? [...options.trustProxy] : options.trustProxy);
  app.set('etag', strongEtag);
  const mount = mountPath(options.publicUrl) || '/';
  const errorHandler = createErrorHandler(options.logger);
  answerEarlyRoutes(app, mount, {
    plain: routers.plain ?? [],
    direct: routers.direct ?? [],
    before: setSecurityHeaders,
    onRequest: options.countRequest ?? (() => {}),
    onError: errorHandler,
  });
  app.use(refuseMalformedPath);

  const root = express.Router();
  root.use((_req, res, next) => {
    setSecurityHeaders(res);
    next();
  });
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
  app.use(errorHandler);
  return app;
}

/**
 * The HTTP server of `app`, whose requests and responses are made with Express's prototypes from
 * the start. Express gives every request and response its own prototype on arrival
 * (Object.setPrototypeOf); done to an object already made, that change of shape costs more than
 * many a route's own work, and makes V8 slower on the object afterwards. Made with that prototype,
 * the objects need no change: Express sets the same prototype, which costs nothing.
 */
export function createHttpServer(app: Express): Server {
  const express5 = app as unknown as { request: object; response: object };
  function AppRequest(this: IncomingMessage, socket: Socket): void {
    IncomingMessage.call(this, socket);
  }
  AppRequest.prototype = express5.request;
  function AppResponse(this: ServerResponse, req: IncomingMessage, options?: object): void {
    (ServerResponse as unknown as (this: ServerResponse, ...args: unknown[]) => void).call(this, req, options);
  }
  AppResponse.prototype = express5.response;
  return createServer(
    {
      IncomingMessage: AppRequest as unknown as typeof IncomingMessage,
      ServerResponse: AppResponse as unknown as typeof ServerResponse,
    },
    app,
  );
}
