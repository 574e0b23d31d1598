import express, { type RequestHandler, Router } from 'express';
import type { ApiKeyService } from '../../app/apiKeys/apiKeys.js';
import { MAX_RULES_BYTES } from '../../app/rules/checkRulesFile.js';
import { diffVersions, historyView } from '../../app/rules/historyView.js';
import type { RulesPreview } from '../../app/rules/previewImpact.js';
import type { RulesHistory } from '../../app/rules/rulesHistory.js';
import type { RulesService } from '../../app/rules/rulesService.js';
import { AccoladeError } from '../../errors.js';
import { principalOf, requireScope } from '../auth.js';

export interface RulesRouteDeps {
  readonly apiKeys: ApiKeyService;
  readonly rules: RulesService;
  readonly history: RulesHistory;
  readonly previewRules: (bytes: Buffer) => Promise<RulesPreview>;
}

const DEFAULT_HISTORY_PAGE = 50;
const MAX_HISTORY_PAGE = 500;

function textParameter(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new AccoladeError('validation_failed', `Query parameter ${name} must be given once, as text`, {
      errors: [{ path: `/${name}`, message: 'must be a single non-empty value' }],
    });
  }
  return value;
}

function pageSize(value: unknown): number {
  const text = textParameter(value, 'limit');
  if (text === undefined) return DEFAULT_HISTORY_PAGE;
  const limit = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(limit >= 1 && limit <= MAX_HISTORY_PAGE)) {
    throw new AccoladeError('validation_failed', `limit must be a whole number from 1 to ${MAX_HISTORY_PAGE}`, {
      errors: [{ path: '/limit', message: `must be a whole number from 1 to ${MAX_HISTORY_PAGE}` }],
    });
  }
  return limit;
}

/**
 * A body whose declared length is over the limit is refused at once: the body parser would first
 * read it all (to keep the connection usable), 50 MB for nothing. The connection is closed instead.
 */
function refuseDeclaredTooLarge(limit: number): RequestHandler {
  return (req, res, next) => {
    const declared = Number(req.get('content-length') ?? '0');
    if (declared > limit) {
      res.setHeader('Connection', 'close');
      throw new AccoladeError('payload_too_large', `A rules file may have at most ${limit} bytes`, {
        limitBytes: limit,
        declaredBytes: declared,
      });
    }
    next();
  };
}

/**
 * The rules in force and the last refused file, a reload, the history of every version that took
 * effect and the changes between two of them, and the preview of a candidate file. The preview
 * reads its body itself, as bytes up to the size of a rules file (so this router comes before the
 * application-wide JSON parser), after the key is checked: an unauthenticated body is never read.
 */
export function rulesRoutes(deps: RulesRouteDeps): Router {
  const router = Router();
  const read = requireScope(deps.apiKeys, 'read');
  const admin = requireScope(deps.apiKeys, 'admin');

  router.get('/api/v1/rules', read, (_req, res) => {
    const active = deps.rules.current();
    const refused = deps.rules.lastRefused();
    res.json({
      active: { version: active.version, loadedAt: active.loadedAt.toISOString(), sha256: active.sha256 },
      lastRefused:
        refused === null
          ? null
          : {
              at: refused.at.toISOString(),
              errors: refused.errors,
              ...(refused.sha256 === undefined ? {} : { sha256: refused.sha256 }),
            },
    });
  });

  router.post('/api/v1/rules/reload', admin, async (req, res) => {
    const principal = principalOf(req);
    const result = await deps.rules.reload({
      trigger: 'api',
      by: { apiKeyId: principal.keyId, apiKeyName: principal.name },
    });
    if (result.outcome === 'refused') {
      throw new AccoladeError('rules_invalid', 'The rules file is invalid; the rules in force are unchanged', {
        errors: result.refused.errors,
      });
    }
    res.json({ outcome: result.outcome, version: result.rules.version, loadedAt: result.rules.loadedAt.toISOString() });
  });

  router.post(
    '/api/v1/rules/preview',
    admin,
    // Any content type: a catalog is JSON whatever the client calls it, and the checks say so
    // precisely (line and column) when it is not.
    refuseDeclaredTooLarge(MAX_RULES_BYTES),
    express.raw({ type: () => true, limit: MAX_RULES_BYTES }),
    async (req, res) => {
      const body: unknown = req.body;
      if (!Buffer.isBuffer(body) || body.length === 0) {
        throw new AccoladeError('validation_failed', 'Send the candidate catalog file as the request body', {
          errors: [{ path: '/', message: 'is empty' }],
        });
      }
      res.json(await deps.previewRules(body));
    },
  );

  router.get('/api/v1/rules/history', read, async (req, res) => {
    const limit = pageSize(req.query['limit']);
    const before = textParameter(req.query['before'], 'before');
    const page = await deps.history.list({ limit: limit + 1, ...(before === undefined ? {} : { before }) });
    const items = page.slice(0, limit).map(historyView);
    res.json({ items, ...(page.length > limit ? { nextBefore: items.at(-1)!.id } : {}) });
  });

  router.get('/api/v1/rules/history/diff', read, async (req, res) => {
    const from = textParameter(req.query['from'], 'from');
    if (from === undefined) {
      throw new AccoladeError('validation_failed', 'Query parameter from is required', {
        errors: [{ path: '/from', message: 'is required' }],
      });
    }
    const to = textParameter(req.query['to'], 'to') ?? deps.rules.current().version;
    res.json(await diffVersions(deps.history, from, to));
  });

  return router;
}
