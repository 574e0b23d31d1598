import type { RevokedAward } from '../../badges/ob2/revocationList.js';
import type { Clock } from '../../ports/clock.js';
import type { Collection } from '../../ports/store.js';
import type { AwardRecord } from './awardRecord.js';

/**
 * The revoked awards both revocation lists publish, read once and kept briefly: every list
 * request and every in-process verification of one of our badges asks for it. A revocation made
 * by this instance shows at once (`invalidate`); one made by another instance within `ttlMs`.
 */
export interface RevokedAwards {
  list(): Promise<readonly RevokedAward[]>;
  /** Forgets the kept list, so a revocation just made shows at once. */
  invalidate(): void;
}

export function createRevokedAwards(deps: {
  awards: Collection<AwardRecord>;
  clock: Clock;
  ttlMs?: number;
}): RevokedAwards {
  const ttlMs = deps.ttlMs ?? 5_000;
  let cached: { list: Promise<readonly RevokedAward[]>; until: number } | undefined;

  async function read(): Promise<readonly RevokedAward[]> {
    const revoked = await deps.awards.find({ status: 'revoked' }, { sort: { _id: 1 } });
    return revoked.map((award) => ({
      awardId: award._id,
      ...(award.revocationReason === undefined ? {} : { reason: award.revocationReason }),
      ...(award.revokedAt === undefined ? {} : { revokedAt: award.revokedAt }),
    }));
  }

  return {
    list(): Promise<readonly RevokedAward[]> {
      const now = deps.clock.now().getTime();
      if (cached === undefined || cached.until <= now) {
        const list = read();
        cached = { list, until: now + ttlMs };
        list.catch(() => {
          cached = undefined;
        });
      }
      return cached.list;
    },
    invalidate(): void {
      cached = undefined;
    },
  };
}
