import { AccoladeError } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import type { Collection } from '../../ports/store.js';
import type { AwardRecord } from './awardRecord.js';
import type { RevokedAwards } from './revokedAwards.js';

/**
 * Revokes an award with a reason. Revoking twice is a no-op that answers the same result: the
 * first reason and time stand. A revocation shows at once in this instance's revocation lists.
 */
export function createRevokeAward(deps: {
  awards: Collection<AwardRecord>;
  clock: Clock;
  revokedAwards: Pick<RevokedAwards, 'invalidate'>;
}) {
  return async function revokeAward(id: string, reason: string): Promise<AwardRecord> {
    const revoked = await deps.awards.findOneAndUpdate(
      { _id: id, status: { $ne: 'revoked' } },
      { $set: { status: 'revoked', revokedAt: deps.clock.now().toISOString(), revocationReason: reason.trim() } },
    );
    if (revoked !== null) {
      deps.revokedAwards.invalidate();
      return revoked;
    }
    const existing = await deps.awards.findOne({ _id: id });
    if (existing === null) throw new AccoladeError('not_found', `No award ${id}`);
    return existing;
  };
}
