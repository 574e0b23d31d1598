import { Router } from 'express';
import type { Database } from '../../ports/store.js';

/** `GET /healthz`: 200 when the service is up and its store answers, 503 otherwise. */
export function healthRoutes(database: Database): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    try {
      await database.ping();
      res.json({ status: 'ok', store: database.kind });
    } catch {
      res.status(503).json({ status: 'unavailable', store: database.kind });
    }
  });
  return router;
}
