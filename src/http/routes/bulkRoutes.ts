import { type Request, Router } from 'express';
import type { ApiKeyService } from '../../app/apiKeys/apiKeys.js';
import type { AwardRequest } from '../../app/awards/awardRequest.js';
import type { BulkBody } from '../../app/bulk/bulkBody.js';
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

function tooLarge(limit: number): AccoladeError {
  return new AccoladeError('payload_too_large', 'The request body is too large', { limitBytes: limit });
}

/**
 * The request body as it arrives, refused (payload_too_large) once past `limit` bytes. The
 * request is not destroyed when the reader stops early, so the refusal can still be answered.
 */
async function* limitedBody(req: Request, limit: number): AsyncGenerator<Uint8Array> {
  const declared = Number(req.get('content-length') ?? '0');
  if (declared > limit) throw tooLarge(limit);
  let received = 0;
  for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > limit) throw tooLarge(limit);
    yield chunk;
  }
}

function bulkInputOf(req: Request, limit: number): BulkInput {
  const encoding = (req.get('content-encoding') ?? 'identity').trim().toLowerCase();
  const body = (): BulkBody => limitedBody(req, limit);
  const type = hasNoBody(req) ? false : req.is([...JSON_TYPES, CSV_TYPE]);
  if (type === false || type === null) {
    if (hasNoBody(req)) {
      throw new AccoladeError('validation_failed', 'A bulk job needs a body', {
        errors: [{ path: '/', message: 'is required' }],
      });
    }
    throw new AccoladeError('unsupported_media_type', 'Send the rows as application/json (an array) or text/csv', {
      accepted: ['application/json', CSV_TYPE],
    });
  }
  if (encoding !== 'identity') {
    throw new AccoladeError('unsupported_media_type', 'The request body encoding is not supported', {
      contentEncoding: encoding,
    });
  }
  return type === CSV_TYPE ? { kind: 'csv', text: body() } : { kind: 'json', body: body() };
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

  router.post('/api/v1/bulk-jobs', requireScope(deps.apiKeys, 'issue'), async (req, res) => {
    let job: Awaited<ReturnType<BulkJobService['submit']>>;
    try {
      job = await deps.bulk.submit(bulkInputOf(req, limit), principalOf(req).keyId);
    } catch (error) {
      // Refused before the end of the body (too many rows, too many bytes, a bad header): the
      // rest is not read, and the connection is not kept for another request.
      if (!req.complete) res.set('Connection', 'close');
      throw error;
    }
    res.location(`/api/v1/bulk-jobs/${encodeURIComponent(job.id)}`);
    res.status(202).json(job);
  });

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
