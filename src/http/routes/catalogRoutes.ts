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

/** The catalog and eligibility explanations (the rules themselves: rulesRoutes.ts). */
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

  return router;
}
