import { Router } from 'express';
import type { VerifyBadgeUseCase } from '../../app/verify/verifyUseCase.js';
import type { UrlLayout } from '../../badges/urls.js';
import { publicRateLimit } from '../rateLimit.js';
import { verifyApiRoutes } from './verifyApiRoutes.js';
import { verifyPageRoutes } from './verifyPageRoutes.js';

export interface VerifyRouteDeps {
  readonly verifyBadge: VerifyBadgeUseCase;
  readonly urls: UrlLayout;
  /** RATE_LIMIT_PER_MINUTE: verifications per client IP per minute, API and page together; 0 = off. */
  readonly rateLimitPerMinute: number;
}

/** `POST /api/v1/verify` and the `/verify` page, on one rate limit per client IP. */
export function verifyRoutes(deps: VerifyRouteDeps): Router {
  // One budget per client IP for the API and the page together: both make us fetch and verify.
  const limit = publicRateLimit(deps.rateLimitPerMinute);
  const router = Router();
  router.use(verifyApiRoutes({ verifyBadge: deps.verifyBadge, limit }));
  router.use(verifyPageRoutes({ verifyBadge: deps.verifyBadge, mount: deps.urls.mount, limit }));
  return router;
}
