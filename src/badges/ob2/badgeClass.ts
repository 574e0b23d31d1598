import type { AchievementInput } from '../documentInput.js';
import { nonEmpty, omitUndefined } from '../jsonld/omitUndefined.js';
import type { UrlLayout } from '../urls.js';
import { OB2_CONTEXT } from './context.js';

export interface Ob2Criteria {
  readonly id?: string;
  readonly narrative: string;
}

export interface Ob2BadgeClass {
  readonly '@context': typeof OB2_CONTEXT;
  readonly type: 'BadgeClass';
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly image: string;
  readonly criteria: Ob2Criteria;
  /** The hosted issuer Profile IRI (verifiers fetch it for its `publicKey`, docs/open-badges.md A4). */
  readonly issuer: string;
  readonly tags?: readonly string[];
}

/**
 * OB 2.0 §BadgeClass (docs/open-badges.md A1), in the language of `lang`; its image is the
 * achievement's PNG for that language.
 */
export function buildBadgeClass(
  source: { readonly achievement: AchievementInput; readonly lang: string },
  urls: UrlLayout,
): Ob2BadgeClass {
  const { achievement, lang } = source;
  return omitUndefined({
    '@context': OB2_CONTEXT,
    type: 'BadgeClass',
    id: urls.badgeClass(achievement.id, lang),
    name: achievement.name,
    description: achievement.description,
    image: urls.achievementImage(achievement.id, lang),
    criteria: omitUndefined({ id: achievement.criteriaUrl, narrative: achievement.criteriaNarrative }),
    issuer: urls.ob2Issuer,
    tags: nonEmpty(achievement.tags),
  } as const);
}
