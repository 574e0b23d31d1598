import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Router } from 'express';
import type { Database } from '../../ports/store.js';

export interface HealthOptions {
  /** Milliseconds on a monotonic clock (default performance.now): not the service's clock, which tests freeze. */
  readonly now?: () => number;
  /** How long one store check answers for; default 1 s. */
  readonly checkEveryMs?: number;
}

const HEALTH_HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' };

/**
 * `GET /healthz`: 200 when the service is up and its store answers, 503 otherwise. The store
 * check (the embedded store looks at its data directory and lock file) is the costly part, and a
 * monitor or a load balancer may ask many times a second: one check answers every request for
 * `checkEveryMs`, and requests that arrive while one runs wait for it rather than start their own.
 * The two possible bodies are made once, and no ETag is computed for them.
 */
export function healthRoutes(database: Database, options: HealthOptions = {}): Router {
  const router = Router();
  router.get(HEALTH_PATH, healthCheck(database, options));
  return router;
}

export const HEALTH_PATH = '/healthz';

/** The handler of `GET /healthz` (see healthRoutes), for a table of routes answered before the router. */
export function healthCheck(
  database: Database,
  options: HealthOptions = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const monotonicNow = options.now ?? (() => performance.now());
  const checkEveryMs = options.checkEveryMs ?? 1000;
  const bodies = {
    ok: Buffer.from(JSON.stringify({ status: 'ok', store: database.kind })),
    unavailable: Buffer.from(JSON.stringify({ status: 'unavailable', store: database.kind })),
  };
  const headers = {
    ok: { ...HEALTH_HEADERS, 'Content-Length': String(bodies.ok.length) },
    unavailable: { ...HEALTH_HEADERS, 'Content-Length': String(bodies.unavailable.length) },
  };
  let last: { readonly at: number; readonly check: Promise<boolean>; ok?: boolean } | undefined;

  function storeAnswers(): Promise<boolean> {
    const now = monotonicNow();
    if (last === undefined || now - last.at >= checkEveryMs) {
      const started: NonNullable<typeof last> = {
        at: now,
        check: database.ping().then(
          () => true,
          () => false,
        ),
      };
      void started.check.then((ok) => {
        started.ok = ok;
      });
      last = started;
    }
    return last.check;
  }

  return async (_req, res) => {
    // A check that has settled answers at once, without a turn through the microtask queue.
    const ok =
      last !== undefined && monotonicNow() - last.at < checkEveryMs && last.ok !== undefined
        ? last.ok
        : await storeAnswers();
    const body = ok ? bodies.ok : bodies.unavailable;
    res.writeHead(ok ? 200 : 503, ok ? headers.ok : headers.unavailable);
    res.end(body);
  };
}
