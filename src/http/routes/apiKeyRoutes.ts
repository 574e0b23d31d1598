import { Router } from 'express';
import type { ApiKeyRecord, ApiKeyService, Scope } from '../../app/apiKeys/apiKeys.js';
import { requireScope } from '../auth.js';
import { jsonBody } from '../jsonBody.js';
import { validateBody } from '../validateBody.js';

function view(record: ApiKeyRecord) {
  return {
    id: record._id,
    name: record.name,
    prefix: record.prefix,
    scopes: record.scopes,
    createdAt: record.createdAt,
    ...(record.revokedAt === undefined ? {} : { revokedAt: record.revokedAt }),
  };
}

/** Admin-only management of API keys; the key itself is shown once, at creation. */
export function apiKeyRoutes(apiKeys: ApiKeyService, options: { readonly bodyLimitBytes: number }): Router {
  const router = Router();
  const admin = requireScope(apiKeys, 'admin');
  router.post('/api/v1/api-keys', admin, jsonBody(options.bodyLimitBytes), async (req, res) => {
    const body = validateBody<{ name: string; scopes: Scope[] }>('api-key-request', req.body);
    const { key, record } = await apiKeys.create(body.name, body.scopes);
    res.status(201).json({ ...view(record), key });
  });
  router.get('/api/v1/api-keys', admin, async (_req, res) => {
    res.json({ items: (await apiKeys.list()).map(view) });
  });
  router.delete('/api/v1/api-keys/:id', admin, async (req, res) => {
    res.json(view(await apiKeys.revoke(req.params.id as string)));
  });
  return router;
}
