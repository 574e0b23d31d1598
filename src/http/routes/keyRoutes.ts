import { Router } from 'express';
import type { ApiKeyService } from '../../app/apiKeys/apiKeys.js';
import type { KeyRing } from '../../app/keys/keyRing.js';
import type { KeySetMaterial } from '../../badges/keys/keySetMaterial.js';
import type { UrlLayout } from '../../badges/urls.js';
import { requireScope } from '../auth.js';

/** Signing key sets: list (public parts only) and rotate. */
export function keyRoutes(deps: { apiKeys: ApiKeyService; keyRing: KeyRing<KeySetMaterial>; urls: UrlLayout }): Router {
  const router = Router();
  const admin = requireScope(deps.apiKeys, 'admin');
  const view = (set: { id: string; createdAt: string; activatesAt: string }, signingId: string) => ({
    id: set.id,
    createdAt: set.createdAt,
    activatesAt: set.activatesAt,
    signing: set.id === signingId,
    links: {
      jwk: deps.urls.jwk(set.id),
      cryptographicKey: deps.urls.ob2Key(set.id),
      verificationMethod: deps.urls.verificationMethod(set.id),
    },
  });

  router.get('/api/v1/keys', admin, async (_req, res) => {
    const signing = await deps.keyRing.signing();
    res.json({ items: (await deps.keyRing.all()).map((set) => view(set, signing.id)) });
  });

  router.post('/api/v1/keys/rotate', admin, async (_req, res) => {
    const next = await deps.keyRing.rotate();
    const signing = await deps.keyRing.signing();
    res.status(201).json(view(next, signing.id));
  });

  return router;
}
