import express, { type Request, Router } from 'express';
import type { ApiKeyService } from '../../app/apiKeys/apiKeys.js';
import type { AwardRequest } from '../../app/awards/awardRequest.js';
import type { BulkInput, BulkJobService } from '../../app/bulk/bulkJobService.js';
import { AccoladeError } from '../../errors.js';
import { principalOf, requireScope } from '../auth.js';
import { validateBody } from '../validateBody.js';

export interface BulkRouteDeps {
  readonly apiKeys: ApiKeyService;
  readonly bulk: BulkJobService;
  /** The largest bulk body accepted; default 50 MB (about 100,000 CSV rows with room to spare). */
  readonly bodyLimitBytes?: number;
}

export const DEFAULT_BULK_BODY_LIMIT_BYTES = 50 * 1024 * 1024;

const JSON_TYPES = ['application/json', '+json'];
const CSV_TYPE = 'text/csv';

/** One bulk row checked exactly as a POST /api/v1/awards body is: give it to createBulkJobService. */
export function validateBulkRow(row: unknown): AwardRequest {
  return validateBody<AwardRequest>('award-request', row);
}

function hasNoBody(req: Request): boolean {
  return req.get('transfer-encoding') === undefined && Number(req.get('content-length') ?? '0') === 0;
}

function bulkInputOf(req: Request): BulkInput {
  if (req.is(JSON_TYPES)) return { kind: 'json', rows: validateBody<unknown[]>('bulk-job-request', req.body) };
  if (req.is(CSV_TYPE)) return { kind: 'csv', text: req.body as Buffer };
  if (hasNoBody(req)) {
    throw new AccoladeError('validation_failed', 'A bulk job needs a body', {
      errors: [{ path: '/', message: 'is required' }],
    });
  }
  throw new AccoladeError('unsupported_media_type', 'Send the rows as application/json (an array) or text/csv', {
    accepted: ['application/json', CSV_TYPE],
  });
}

function pageParameter(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && /^\d{1,9}$/.test(value)) return Number(value);
  throw new AccoladeError('validation_failed', `Query parameter ${name} must be a whole number`, {
    errors: [{ path: `/${name}`, message: 'must be a single whole number' }],
  });
}

/**
 * `POST /api/v1/bulk-jobs` (scope issue) and `GET /api/v1/bulk-jobs/:id` (scope read). The bulk
 * body parsers live on this route only, so the rest of the API keeps its small body limit; mount
 * this router before any application-wide `express.json()`, whose smaller limit would otherwise
 * answer 413 to a large bulk job first.
 */
export function bulkRoutes(deps: BulkRouteDeps): Router {
  const router = Router();
  const limit = deps.bodyLimitBytes ?? DEFAULT_BULK_BODY_LIMIT_BYTES;

  router.post(
    '/api/v1/bulk-jobs',
    requireScope(deps.apiKeys, 'issue'),
    express.json({ limit, type: JSON_TYPES }),
    // Raw bytes: the CSV reader decodes them itself and drops a BOM.
    express.raw({ limit, type: CSV_TYPE }),
    async (req, res) => {
      const job = await deps.bulk.submit(bulkInputOf(req), principalOf(req).keyId);
      res.location(`/api/v1/bulk-jobs/${encodeURIComponent(job.id)}`);
      res.status(202).json(job);
    },
  );

  router.get('/api/v1/bulk-jobs/:id', requireScope(deps.apiKeys, 'read'), async (req, res) => {
    const offset = pageParameter(req.query['offset'], 'offset');
    const limit = pageParameter(req.query['limit'], 'limit');
    res.json(
      await deps.bulk.get(req.params.id as string, {
        ...(offset === undefined ? {} : { offset }),
        ...(limit === undefined ? {} : { limit }),
      }),
    );
  });

  return router;
}
