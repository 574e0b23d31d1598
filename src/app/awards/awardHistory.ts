import type { PriorAward } from '../../domain/eligibility/types.js';
import type { AwardRecord } from './awardRecord.js';

/** The recipient's earlier awards as the eligibility rules read them. */
export function priorAwardsOf(records: readonly AwardRecord[]): PriorAward[] {
  return records.map((record) => ({
    achievementId: record.achievementId,
    earnedOn: new Date(record.earnedOn),
    status: record.status,
    ...(record.expires === undefined ? {} : { expires: new Date(record.expires) }),
    ...(record.earnedBy === undefined ? {} : { earnedBy: record.earnedBy }),
  }));
}

/**
 * The award that makes a new one for the same badge a duplicate: one not revoked and still valid
 * on the new pass's date. An expired certification does not block its renewal.
 */
export function blockingAward(
  records: readonly AwardRecord[],
  achievementId: string,
  earnedOn: Date,
): AwardRecord | undefined {
  return records.find(
    (record) =>
      record.achievementId === achievementId &&
      record.status !== 'revoked' &&
      (record.expires === undefined || new Date(record.expires).getTime() > earnedOn.getTime()),
  );
}
