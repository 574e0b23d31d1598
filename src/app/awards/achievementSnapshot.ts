import type { AchievementInput } from '../../badges/documentInput.js';
import type { Achievement } from '../../domain/catalog/types.js';
import type { AchievementImageRequest } from '../../ports/badgeImages.js';
import type { AchievementSnapshot, Lang } from './awardRecord.js';

/** What an award keeps of its catalog entry, so its documents never change with the catalog. */
export function snapshotOf(achievement: Achievement): AchievementSnapshot {
  return {
    kind: achievement.kind,
    title: achievement.title,
    description: achievement.description,
    criteria: achievement.criteria.narrative,
    ...(achievement.criteria.url === undefined ? {} : { criteriaUrl: achievement.criteria.url }),
    ...(achievement.badge.available && achievement.badge.image !== undefined
      ? { imageFile: achievement.badge.image }
      : {}),
    ...(achievement.tags === undefined ? {} : { tags: achievement.tags }),
  };
}

/** The achievement as the badge formats read it, in one language. */
export function achievementInputOf(id: string, snapshot: AchievementSnapshot, lang: Lang): AchievementInput {
  return {
    id,
    kind: snapshot.kind,
    name: snapshot.title[lang],
    description: snapshot.description[lang],
    criteriaNarrative: snapshot.criteria[lang],
    ...(snapshot.criteriaUrl === undefined ? {} : { criteriaUrl: snapshot.criteriaUrl }),
    ...(snapshot.tags === undefined ? {} : { tags: snapshot.tags }),
  };
}

/** The picture of an achievement in one language (before any baking). */
export function imageRequestOf(id: string, snapshot: AchievementSnapshot, lang: Lang): AchievementImageRequest {
  return {
    achievementId: id,
    title: snapshot.title[lang],
    kind: snapshot.kind,
    lang,
    ...(snapshot.imageFile === undefined ? {} : { imageFile: snapshot.imageFile }),
  };
}
