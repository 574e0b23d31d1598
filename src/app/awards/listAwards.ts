import { findAchievement } from '../../domain/catalog/findAchievement.js';
import { normalizeEmail } from '../../domain/email.js';
import { AccoladeError } from '../../errors.js';
import type { Collection, Filter } from '../../ports/store.js';
import { AWARD_STATUSES, type AwardRecord, type AwardStatus } from './awardRecord.js';
import type { CatalogSource } from './issueAward.js';

export interface AwardQuery {
  readonly recipient?: string;
  /** Any of these addresses, already normalised: a profile's emails (`?profile=`). */
  readonly recipients?: readonly string[];
  readonly achievement?: string;
  readonly status?: string;
  readonly cursor?: string;
  readonly limit?: number;
}

export interface AwardPage {
  readonly items: readonly AwardRecord[];
  /** Pass as `cursor` for the next page; absent on the last page. */
  readonly nextCursor?: string;
}

export const MAX_PAGE_SIZE = 200;

/**
 * Awards matching every given filter, in issuance order (UUIDv7 ids are time-ordered), one page
 * at a time. The cursor is the last id seen, so pages stay stable while awards are added.
 */
export function createListAwards(deps: { awards: Collection<AwardRecord>; catalog: CatalogSource }) {
  /** The catalog's spelling of an achievement id, so filters match whatever case a client sends. */
  const canonicalAchievementId = (id: string) => findAchievement(deps.catalog.current().catalog, id)?.id ?? id;

  return async function listAwards(query: AwardQuery): Promise<AwardPage> {
    const limit = query.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new AccoladeError('validation_failed', `limit must be between 1 and ${MAX_PAGE_SIZE}`, {
        errors: [{ path: '/limit', message: `must be between 1 and ${MAX_PAGE_SIZE}` }],
      });
    }
    if (query.status !== undefined && !(AWARD_STATUSES as readonly string[]).includes(query.status)) {
      throw new AccoladeError('validation_failed', `status must be one of ${AWARD_STATUSES.join(', ')}`, {
        errors: [{ path: '/status', message: `must be one of ${AWARD_STATUSES.join(', ')}` }],
      });
    }
    const filter: Record<string, unknown> = {};
    if (query.recipient !== undefined) filter['recipientEmail'] = normalizeEmail(query.recipient);
    if (query.recipients !== undefined) {
      // With `recipient` too: that one address, if it is among them.
      const one = filter['recipientEmail'];
      filter['recipientEmail'] = { $in: query.recipients.filter((email) => one === undefined || email === one) };
    }
    if (query.achievement !== undefined) filter['achievementId'] = canonicalAchievementId(query.achievement);
    if (query.status !== undefined) filter['status'] = query.status as AwardStatus;
    if (query.cursor !== undefined) filter['_id'] = { $gt: query.cursor };
    const found = await deps.awards.find(filter as Filter, { sort: { _id: 1 }, limit: limit + 1 });
    const items = found.slice(0, limit);
    return found.length > limit ? { items, nextCursor: items.at(-1)!._id } : { items };
  };
}
