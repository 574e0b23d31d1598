import { Router } from 'express';
import type { ApiKeyService } from '../../app/apiKeys/apiKeys.js';
import type { EligibilityExplanation } from '../../app/eligibility/explainEligibility.js';
import type { RulesService } from '../../app/rules/rulesService.js';
import { listAchievements, listFamilies } from '../../domain/catalog/listing.js';
import type { AchievementKind, AchievementStatus } from '../../domain/catalog/types.js';
import { AccoladeError } from '../../errors.js';
import { requireScope } from '../auth.js';

export interface CatalogRouteDeps {
  readonly apiKeys: ApiKeyService;
  readonly rules: RulesService;
  readonly explainEligibility: (query: {
    achievement: string;
    earnedOn: string;
    recipient?: string;
  }) => Promise<EligibilityExplanation>;
}

function queryText(value: unknown, name: string, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new AccoladeError('validation_failed', `Query parameter ${name} is required, once`, {
      errors: [{ path: `/${name}`, message: required ? 'is required' : 'must be a single value' }],
    });
  }
  return value;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], name: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new AccoladeError('validation_failed', `${name} must be one of ${allowed.join(', ')}`, {
      errors: [{ path: `/${name}`, message: `must be one of ${allowed.join(', ')}` }],
    });
  }
  return value as T;
}

/** The catalog, the rules in force (and the last refused file), and eligibility explanations. */
export function catalogRoutes(deps: CatalogRouteDeps): Router {
  const router = Router();
  const read = requireScope(deps.apiKeys, 'read');

  router.get('/api/v1/achievements', read, (req, res) => {
    const kind = oneOf<AchievementKind>(queryText(req.query['kind'], 'kind', false), ['exam', 'certification'], 'kind');
    const status = oneOf<AchievementStatus>(
      queryText(req.query['status'], 'status', false),
      ['active', 'retired'],
      'status',
    );
    const family = queryText(req.query['family'], 'family', false);
    const rules = deps.rules.current();
    res.json({
      version: rules.version,
      families: listFamilies(rules.catalog),
      items: listAchievements(rules.catalog, {
        ...(kind === undefined ? {} : { kind }),
        ...(status === undefined ? {} : { status }),
        ...(family === undefined ? {} : { family }),
      }),
    });
  });

  router.get('/api/v1/eligibility', read, async (req, res) => {
    const recipient = queryText(req.query['recipient'], 'recipient', false);
    res.json(
      await deps.explainEligibility({
        achievement: queryText(req.query['achievement'], 'achievement', true)!,
        earnedOn: queryText(req.query['earnedOn'], 'earnedOn', true)!,
        ...(recipient === undefined ? {} : { recipient }),
      }),
    );
  });

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

  router.post('/api/v1/rules/reload', requireScope(deps.apiKeys, 'admin'), async (_req, res) => {
    const result = await deps.rules.reload();
    if (result.outcome === 'refused') {
      throw new AccoladeError('rules_invalid', 'The rules file is invalid; the rules in force are unchanged', {
        errors: result.refused.errors,
      });
    }
    res.json({ outcome: result.outcome, version: result.rules.version, loadedAt: result.rules.loadedAt.toISOString() });
  });

  return router;
}
