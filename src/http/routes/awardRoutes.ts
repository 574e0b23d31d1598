import { type RequestHandler, Router } from 'express';
import type { ApiKeyService } from '../../app/apiKeys/apiKeys.js';
import type { AwardRecord } from '../../app/awards/awardRecord.js';
import type { AwardRequest } from '../../app/awards/awardRequest.js';
import { type AwardView, awardView, issueWarnings } from '../../app/awards/awardView.js';
import type { IssueAward } from '../../app/awards/issueAward.js';
import type { AwardPage, AwardQuery } from '../../app/awards/listAwards.js';
import type { UrlLayout } from '../../badges/urls.js';
import { AccoladeError } from '../../errors.js';
import { requireScope } from '../auth.js';
import { jsonBody } from '../jsonBody.js';
import { sendJson } from '../sendJson.js';
import { validateBody } from '../validateBody.js';

export interface AwardRouteDeps {
  readonly apiKeys: ApiKeyService;
  readonly issueAward: IssueAward;
  readonly listAwards: (query: AwardQuery) => Promise<AwardPage>;
  readonly findAward: (id: string) => Promise<AwardRecord | null>;
  readonly revokeAward: (id: string, reason: string) => Promise<AwardRecord>;
  readonly urls: UrlLayout;
  readonly issuer: { readonly name: string; readonly linkedInOrganizationId?: string | undefined };
  /** The emails of a profile (`?profile=`), or null when there is no such profile. */
  readonly profileEmails?: (profileId: string) => Promise<readonly string[] | null>;
  /** BODY_LIMIT_BYTES: the largest JSON body, read only once the API key is checked. */
  readonly bodyLimitBytes: number;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

function singleQueryValue(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new AccoladeError('validation_failed', `Query parameter ${name} must be given once, as text`, {
      errors: [{ path: `/${name}`, message: 'must be a single non-empty value' }],
    });
  }
  return value;
}

export const ISSUE_PATH = '/api/v1/awards';

/**
 * `POST /api/v1/awards`, its handlers in order: the key, the body, the issue. One list, given to
 * awardRoutes' router and to the application's direct routes (http/directRoutes.ts).
 */
export function issueHandlers(deps: AwardRouteDeps): RequestHandler[] {
  const view = (award: AwardRecord): AwardView => awardView(award, deps.urls, deps.issuer);
  const issue: RequestHandler = async (req, res) => {
    const request = validateBody<AwardRequest>('award-request', req.body);
    const idempotencyKey = req.get('idempotency-key');
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new AccoladeError('validation_failed', 'Idempotency-Key must be 1 to 200 visible ASCII characters', {
        errors: [{ path: 'header:Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' }],
      });
    }
    const result = await deps.issueAward(request, idempotencyKey === undefined ? {} : { idempotencyKey });
    const issued = (award: AwardRecord) => {
      const warnings = issueWarnings(award);
      return { ...view(award), ...(warnings.length === 0 ? {} : { warnings }) };
    };
    const body = {
      ...issued(result.award),
      ...(result.outcome === 'duplicate' ? { duplicate: true } : {}),
      ...(result.alsoAwarded.length > 0 ? { alsoAwarded: result.alsoAwarded.map(issued) } : {}),
    };
    if (result.outcome === 'created') res.location(deps.urls.page(result.award._id));
    sendJson(res, result.outcome === 'created' ? 201 : 200, body);
  };
  return [requireScope(deps.apiKeys, 'issue'), jsonBody(deps.bodyLimitBytes), issue];
}

export function awardRoutes(deps: AwardRouteDeps, issue: readonly RequestHandler[] = issueHandlers(deps)): Router {
  const router = Router();
  const view = (award: AwardRecord): AwardView => awardView(award, deps.urls, deps.issuer);
  const body = jsonBody(deps.bodyLimitBytes);

  router.post(ISSUE_PATH, ...issue);

  router.get('/api/v1/awards', requireScope(deps.apiKeys, 'read'), async (req, res) => {
    const limitText = singleQueryValue(req.query['limit'], 'limit');
    const achievement = singleQueryValue(req.query['achievement'], 'achievement');
    const recipient = singleQueryValue(req.query['recipient'], 'recipient');
    const status = singleQueryValue(req.query['status'], 'status');
    const cursor = singleQueryValue(req.query['cursor'], 'cursor');
    const profile = singleQueryValue(req.query['profile'], 'profile');
    const recipients = profile === undefined ? undefined : await deps.profileEmails?.(profile);
    if (profile !== undefined && (recipients === undefined || recipients === null)) {
      throw new AccoladeError('not_found', `No profile ${profile}`);
    }
    const page = await deps.listAwards({
      ...(recipient === undefined ? {} : { recipient }),
      ...(recipients === undefined || recipients === null ? {} : { recipients }),
      ...(achievement === undefined ? {} : { achievement }),
      ...(status === undefined ? {} : { status }),
      ...(cursor === undefined ? {} : { cursor }),
      ...(limitText === undefined ? {} : { limit: /^\d+$/.test(limitText) ? Number(limitText) : Number.NaN }),
    });
    res.json({
      items: page.items.map(view),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    });
  });

  router.get('/api/v1/awards/:id', requireScope(deps.apiKeys, 'read'), async (req, res) => {
    const award = await deps.findAward(req.params.id as string);
    if (award === null) throw new AccoladeError('not_found', `No award ${req.params.id}`);
    res.json(view(award));
  });

  router.post('/api/v1/awards/:id/revoke', requireScope(deps.apiKeys, 'revoke'), body, async (req, res) => {
    const { reason } = validateBody<{ reason: string }>('revoke-request', req.body ?? {});
    res.json(view(await deps.revokeAward(req.params.id as string, reason)));
  });

  return router;
}
