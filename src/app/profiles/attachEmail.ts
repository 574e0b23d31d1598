import { normalizeEmail } from '../../domain/email.js';
import { AccoladeError, isAccoladeError } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import type { Collection } from '../../ports/store.js';
import type { MergeProfiles } from './mergeProfiles.js';
import type { Actor, ProfileEmailRecord, ProfileMergeRecord, ProfileRecord } from './profileRecord.js';
import type { Profiles } from './profiles.js';

export interface AttachEmailDeps {
  readonly profiles: Collection<ProfileRecord>;
  readonly profileEmails: Collection<ProfileEmailRecord>;
  readonly profileService: Pick<Profiles, 'byId' | 'forEmail'>;
  readonly mergeProfiles: MergeProfiles;
  readonly clock: Clock;
}

export interface AttachEmailRequest {
  /** The profile the candidate was signed in to when they asked. */
  readonly profileId: string;
  /** The address they have just proved, by the link sent to it. */
  readonly email: string;
  /** Make it the profile's primary address. */
  readonly primary: boolean;
  readonly by: Actor;
}

export interface AttachEmailResult {
  readonly profile: ProfileRecord;
  /** Set when the address had a profile of its own, now merged into this one. */
  readonly merge?: ProfileMergeRecord;
}

/** Why a merge the candidate made is on record (mergeProfiles.ts keeps who and when). */
export const PROVEN_BY_CANDIDATE =
  'The candidate proved both addresses: signed in with one, confirmed the other by the link sent to it';

/**
 * Joins an address the candidate has proved to their profile. Only ever called with both proofs
 * in hand: the request came from the signed-in profile, and the link mailed to the address was
 * followed. An address with badges of its own has (or is given) its profile, which is merged into
 * this one by the same use case as staff's merges (every badge moves, duplicates revoked, newly
 * completed certifications issued, the merge recorded); an address nothing was issued to is
 * simply linked, and badges issued to it later join the profile and its history. `primary`
 * puts the address first.
 */
export function createAttachEmail(deps: AttachEmailDeps) {
  const { profiles, profileEmails, profileService, clock } = deps;

  async function link(target: ProfileRecord, email: string): Promise<boolean> {
    try {
      await profileEmails.insertOne({ _id: email, profileId: target._id, addedAt: clock.now().toISOString() });
    } catch (error) {
      // Linked meanwhile (a badge issued to it made its profile): merge that one instead.
      if (isAccoladeError(error) && error.code === 'conflict') return false;
      throw error;
    }
    await profiles.findOneAndUpdate({ _id: target._id }, { $push: { emails: email } });
    return true;
  }

  async function join(target: ProfileRecord, email: string, by: Actor): Promise<ProfileMergeRecord | undefined> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const other = await profileService.forEmail(email);
      if (other?._id === target._id) return undefined;
      if (other === null) {
        if (await link(target, email)) return undefined;
        continue;
      }
      const { merge } = await deps.mergeProfiles({ from: other._id, to: target._id, reason: PROVEN_BY_CANDIDATE, by });
      return merge;
    }
    throw new AccoladeError('conflict', `The address could not be joined to profile ${target._id}; try again`);
  }

  return async function attachEmail(request: AttachEmailRequest): Promise<AttachEmailResult> {
    const target = await profileService.byId(request.profileId);
    if (target === null) throw new AccoladeError('not_found', `No profile ${request.profileId}`);
    const email = normalizeEmail(request.email);
    const merge = target.emails.includes(email) ? undefined : await join(target, email, request.by);
    let profile = (await profiles.findOne({ _id: target._id })) ?? target;
    if (request.primary && profile.emails[0] !== email) {
      const emails = [email, ...profile.emails.filter((address) => address !== email)];
      profile = (await profiles.findOneAndUpdate({ _id: target._id }, { $set: { emails } })) ?? { ...profile, emails };
    }
    return merge === undefined ? { profile } : { profile, merge };
  };
}

export type AttachEmail = ReturnType<typeof createAttachEmail>;
