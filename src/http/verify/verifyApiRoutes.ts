import express, { type Request, type RequestHandler, Router } from 'express';
import {
  badgeUrlOf,
  credentialInput,
  imageInput,
  MAX_RECIPIENT_LENGTH,
  MAX_UPLOAD_BYTES,
  urlInput,
} from '../../app/verify/verifyInput.js';
import type { VerifyBadgeUseCase } from '../../app/verify/verifyUseCase.js';
import { VERIFY_LIMITS, type VerificationInput } from '../../badges/verify/index.js';
import { AccoladeError } from '../../errors.js';
import { validateBody } from '../validateBody.js';

interface VerifyRequestBody {
  readonly url?: string;
  readonly credential?: string | Record<string, unknown>;
  readonly recipient?: string;
}

const JSON_TYPES = ['application/json', '+json'];
const IMAGE_TYPES = ['image/png', 'image/svg+xml'];
/** A compact JWS or VC-JWT as text (RFC 7519 §10.3.1 application/jwt, VC-JOSE-COSE application/vc+jwt). */
const TEXT_TYPES = ['text/plain', 'application/jwt', 'application/vc+jwt'];

function hasBody(req: Request): boolean {
  return req.get('transfer-encoding') !== undefined || Number(req.get('content-length') ?? '0') > 0;
}

/** `?recipient=` for bodies that cannot carry it (images, JWS text). */
function recipientQuery(req: Request): string | undefined {
  const value = req.query['recipient'];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_RECIPIENT_LENGTH) {
    throw new AccoladeError('validation_failed', 'The recipient query parameter must be one email address', {
      errors: [{ path: '/recipient', message: `must be one string of 1 to ${MAX_RECIPIENT_LENGTH} characters` }],
    });
  }
  return value;
}

/** The API request, by Content-Type: JSON `{ url }` / `{ credential }`, a baked image, or JWS text. */
function apiInput(req: Request): VerificationInput {
  if (req.is(JSON_TYPES)) {
    const body = validateBody<VerifyRequestBody>('verify-request', req.body);
    if (body.url === undefined) return credentialInput(body.credential, body.recipient);
    const url = badgeUrlOf(body.url);
    if (url === undefined) {
      throw new AccoladeError('validation_failed', 'The url is not a URL', {
        errors: [{ path: '/url', message: 'must be an absolute URL, such as https://example.org/badge' }],
      });
    }
    return urlInput(url, body.recipient);
  }
  if (req.is(IMAGE_TYPES) && Buffer.isBuffer(req.body)) return imageInput(req.body, recipientQuery(req));
  if (req.is(TEXT_TYPES) && typeof req.body === 'string') return credentialInput(req.body, recipientQuery(req));
  if (!hasBody(req)) {
    throw new AccoladeError('validation_failed', 'Send a badge to verify', {
      errors: [{ path: '/', message: 'is required' }],
    });
  }
  throw new AccoladeError('unsupported_media_type', 'Send JSON, a baked PNG or SVG image, or a compact JWS as text', {
    accepted: ['application/json', ...IMAGE_TYPES, ...TEXT_TYPES],
  });
}

/** `POST /api/v1/verify` (public, rate limited): the report as JSON, whatever the verdict. */
export function verifyApiRoutes(deps: {
  readonly verifyBadge: VerifyBadgeUseCase;
  /** The rate limit shared with the page. */
  readonly limit: RequestHandler;
}): Router {
  const router = Router();
  router.post(
    '/api/v1/verify',
    deps.limit,
    express.raw({ type: IMAGE_TYPES, limit: MAX_UPLOAD_BYTES }),
    express.text({ type: TEXT_TYPES, limit: VERIFY_LIMITS.maxTextBytes }),
    async (req, res) => {
      const report = await deps.verifyBadge(apiInput(req));
      res.setHeader('Cache-Control', 'no-store');
      res.json(report);
    },
  );
  return router;
}
