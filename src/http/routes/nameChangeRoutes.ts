import { Router } from 'express';
import type { ApiKeyService } from '../../app/apiKeys/apiKeys.js';
import { awardView } from '../../app/awards/awardView.js';
import type { NameChanges } from '../../app/profiles/nameChanges.js';
import type { Actor, NameChangeRecord } from '../../app/profiles/profileRecord.js';
import type { ReissueAward } from '../../app/profiles/reissueAward.js';
import type { UrlLayout } from '../../badges/urls.js';
import { principalOf, requireScope } from '../auth.js';
import { jsonBody } from '../jsonBody.js';
import { validateBody } from '../validateBody.js';

export interface NameChangeRouteDeps {
  readonly apiKeys: ApiKeyService;
  readonly nameChanges: NameChanges;
  readonly reissueAward: ReissueAward;
  readonly urls: UrlLayout;
  readonly issuer: { readonly name: string; readonly linkedInOrganizationId?: string | undefined };
  /** BODY_LIMIT_BYTES: the largest JSON body, read only once the API key is checked. */
  readonly bodyLimitBytes: number;
}

function nameChangeView({ _id, ...rest }: NameChangeRecord) {
  return { id: _id, ...rest };
}

function actorOf(req: Parameters<typeof principalOf>[0]): Actor {
  const principal = principalOf(req);
  return { kind: 'api-key', id: principal.keyId, name: principal.name };
}

/**
 * Staff's side of name changes: a request made for a candidate, the queue of requests, the
 * decision; and re-issuing a badge under the approved name. The candidate's own request comes
 * from their account, through the same use case.
 */
export function nameChangeRoutes(deps: NameChangeRouteDeps): Router {
  const router = Router();
  const admin = requireScope(deps.apiKeys, 'admin');
  const parseBody = jsonBody(deps.bodyLimitBytes);

  router.post('/api/v1/profiles/:id/name-changes', admin, parseBody, async (req, res) => {
    const body = validateBody<{ name: string; note?: string }>('name-change-request', req.body);
    const change = await deps.nameChanges.request(String(req.params['id']), body.name, actorOf(req), body.note);
    res.status(201).json(nameChangeView(change));
  });

  router.get('/api/v1/name-changes', requireScope(deps.apiKeys, 'read'), async (req, res) => {
    const status = typeof req.query['status'] === 'string' ? req.query['status'] : undefined;
    res.json({ items: (await deps.nameChanges.list(status)).map(nameChangeView) });
  });

  for (const decision of ['approve', 'reject'] as const) {
    router.post(`/api/v1/name-changes/:id/${decision}`, admin, parseBody, async (req, res) => {
      const body = validateBody<{ reason?: string }>('name-change-decision', req.body ?? {});
      const change = await deps.nameChanges[decision](String(req.params['id']), actorOf(req), body.reason);
      res.json(nameChangeView(change));
    });
  }

  router.post('/api/v1/awards/:id/reissue', admin, async (req, res) => {
    const { award, superseded } = await deps.reissueAward(String(req.params['id']));
    const view = (record: typeof award) => awardView(record, deps.urls, deps.issuer);
    res
      .location(deps.urls.page(award._id))
      .status(201)
      .json({ award: view(award), superseded: view(superseded) });
  });

  return router;
}
