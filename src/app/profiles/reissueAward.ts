import { randomUUID } from 'node:crypto';
import { hashIdentity, newSalt } from '../../badges/identity.js';
import { AccoladeError } from '../../errors.js';
import type { Collection } from '../../ports/store.js';
import { newAwardId } from '../awards/awardId.js';
import type { AwardRecord } from '../awards/awardRecord.js';
import type { Profiles } from './profiles.js';

export const SUPERSEDED_REASON = 'superseded';

export interface ReissueDeps {
  readonly awards: Collection<AwardRecord>;
  readonly profiles: Pick<Profiles, 'forEmail'>;
  readonly revokeAward: (id: string, reason: string) => Promise<AwardRecord>;
  readonly signingKeySetId: () => Promise<string>;
  /** Queues the new award's email, as for any award issued (awardNotifications.ts). */
  readonly announce: (award: AwardRecord) => Promise<void>;
}

/**
 * Re-issues a badge under the name now on its recipient's profile (after an approved name
 * change): a new award with the same achievement and dates, signed by today's key, accepted or
 * not as the old one was; the old award is revoked as `superseded` and names the new one
 * (`supersededBy`), the new one names it (`reissueOf`); the candidate gets the new award's
 * email at once (its claim link, or "a new badge" when it is accepted already). Refused when the names already agree,
 * for a revoked badge, and for a profile whose name was never approved.
 */
export function createReissueAward(deps: ReissueDeps) {
  return async function reissueAward(id: string): Promise<{ award: AwardRecord; superseded: AwardRecord }> {
    const old = await deps.awards.findOne({ _id: id });
    if (old === null) throw new AccoladeError('not_found', `No award ${id}`);
    if (old.status === 'revoked') {
      throw new AccoladeError('conflict', `Award ${id} is revoked and cannot be re-issued`, { status: old.status });
    }
    const profile = await deps.profiles.forEmail(old.recipientEmail);
    if (profile?.nameApprovedAt === undefined) {
      throw new AccoladeError('conflict', 'The name on this profile was never changed with staff approval', {
        award: id,
      });
    }
    if (profile.name === old.recipientName) {
      throw new AccoladeError('conflict', `Award ${id} already carries the name ${profile.name}`, { award: id });
    }
    const salt = newSalt();
    const {
      _id: _oldId,
      externalId: _externalId,
      idempotencyKey: _idempotencyKey,
      revokedAt: _revokedAt,
      revocationReason: _reason,
      supersededBy: _supersededBy,
      ...kept
    } = old;
    const newId = newAwardId();
    const award: AwardRecord = {
      ...kept,
      _id: newId,
      subjectId: randomUUID(),
      recipientName: profile.name,
      salt,
      identityHash: hashIdentity(old.recipientEmail, salt),
      keySetId: await deps.signingKeySetId(),
      // Unique like every dedupe key, and apart from the issuance rule's: a re-issue is no new pass.
      dedupeKey: `${old.dedupeKey}|reissue:${newId}`,
      reissueOf: old._id,
      notification: 'queued',
    };
    // Claimed first: of two re-issues at once (a button pressed twice), one only goes on.
    const claimed = await deps.awards.findOneAndUpdate(
      { _id: old._id, status: { $ne: 'revoked' }, supersededBy: { $exists: false } },
      { $set: { supersededBy: newId } },
    );
    if (claimed === null) throw new AccoladeError('conflict', `Award ${id} is being re-issued already`, { award: id });
    try {
      await deps.awards.insertOne(award);
    } catch (error) {
      await deps.awards.findOneAndUpdate({ _id: old._id, supersededBy: newId }, { $unset: { supersededBy: '' } });
      throw error;
    }
    const superseded = await deps.revokeAward(old._id, SUPERSEDED_REASON);
    // Mailed now like any new award, not at the next start's sweep of awards left without one.
    await deps.announce(award);
    return { award, superseded };
  };
}

export type ReissueAward = ReturnType<typeof createReissueAward>;
