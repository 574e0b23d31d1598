import { randomUUID } from 'node:crypto';
import { achievementKey, certificationsOf } from '../../domain/catalog/findAchievement.js';
import { completionFromHistory } from '../../domain/eligibility/decideEligibility.js';
import { holdingsFromHistory } from '../../domain/eligibility/holdings.js';
import { AccoladeError } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import type { Collection } from '../../ports/store.js';
import { priorAwardsOf } from '../awards/awardHistory.js';
import type { AwardRecord } from '../awards/awardRecord.js';
import type { CatalogSource, IssueAward } from '../awards/issueAward.js';
import { parseProfileId } from './profileId.js';
import type { ProfileEmailRecord, ProfileMergeRecord, ProfileRecord } from './profileRecord.js';

export interface MergeRequest {
  readonly from: string;
  readonly to: string;
  readonly reason: string;
  readonly by: ProfileMergeRecord['by'];
}

export interface MergeResult {
  readonly merge: ProfileMergeRecord;
  readonly profile: ProfileRecord;
}

export interface MergeDeps {
  readonly profiles: Collection<ProfileRecord>;
  readonly profileEmails: Collection<ProfileEmailRecord>;
  readonly merges: Collection<ProfileMergeRecord>;
  readonly awards: Collection<AwardRecord>;
  readonly revokeAward: (id: string, reason: string) => Promise<AwardRecord>;
  readonly issueAward: IssueAward;
  readonly catalog: CatalogSource;
  readonly clock: Clock;
}

export const DUPLICATE_REASON = 'duplicate';

/**
 * Awards that repeat one already held: the same achievement, earned while an earlier award of it
 * was still valid. The earlier one is kept (first earned, then first issued); a renewal earned
 * after the earlier one expired is no duplicate.
 */
export function duplicateAwards(awards: readonly AwardRecord[]): AwardRecord[] {
  const kept = new Map<string, AwardRecord[]>();
  const duplicates: AwardRecord[] = [];
  const ordered = [...awards]
    .filter((award) => award.status !== 'revoked')
    .sort((a, b) => a.earnedOn.localeCompare(b.earnedOn) || a._id.localeCompare(b._id));
  for (const award of ordered) {
    const earlier = kept.get(award.achievementId) ?? [];
    const overlaps = earlier.some(
      (held) => held.expires === undefined || Date.parse(award.earnedOn) < Date.parse(held.expires),
    );
    if (overlaps) duplicates.push(award);
    else kept.set(award.achievementId, [...earlier, award]);
  }
  return duplicates;
}

async function existing(profiles: Collection<ProfileRecord>, input: string, role: string): Promise<ProfileRecord> {
  const id = parseProfileId(input);
  const profile = id === undefined ? null : await profiles.findOne({ _id: id });
  if (profile === null) throw new AccoladeError('not_found', `No profile ${input} to merge ${role}`, { [role]: input });
  if (profile.mergedInto !== undefined) {
    throw new AccoladeError('conflict', `Profile ${profile._id} was already merged into ${profile.mergedInto}`, {
      [role]: profile._id,
      mergedInto: profile.mergedInto,
    });
  }
  return profile;
}

/**
 * Merges one candidate's two profiles (support staff, admin API): every email of `from` and with
 * it every badge joins `to`; badges that now repeat one already held are revoked as `duplicate`
 * (the earlier kept); certifications the joined history completes are issued; and the merge is
 * recorded with who, when and why. `from`'s id keeps leading to `to`. Each step can run again
 * without harm (revoking twice and issuing under the merge's externalId are no-ops), and the
 * record is written first, so an interrupted merge is on record and can be finished.
 */
export function createMergeProfiles(deps: MergeDeps) {
  const { profiles, profileEmails, merges, awards, clock } = deps;

  async function completeCertifications(target: ProfileRecord, mergeId: string): Promise<string[]> {
    const { catalog } = deps.catalog.current();
    const now = clock.now();
    const history = await awards.find({ recipientEmail: { $in: [...target.emails] } }, { sort: { _id: 1 } });
    const prior = priorAwardsOf(history);
    const held = new Set(holdingsFromHistory(catalog, prior).map((holding) => holding.key));
    const latest = history.at(-1);
    const issued: string[] = [];
    for (const certification of certificationsOf(catalog)) {
      // Newly completed only: a certification held under either address, expired or not, is
      // the merge's to keep, not to renew.
      if (held.has(achievementKey(certification.id))) continue;
      const completedOn = completionFromHistory(catalog, certification, prior, now);
      if (completedOn === undefined) continue;
      const result = await deps.issueAward({
        recipient: {
          email: target.emails[0]!,
          name: target.name,
          ...(latest === undefined ? {} : { locale: latest.recipientLocale }),
        },
        achievement: certification.id,
        earnedOn: completedOn.toISOString(),
        externalId: `merge:${mergeId}:${certification.id}`,
      });
      for (const award of [result.award, ...result.alsoAwarded])
        if (!issued.includes(award._id)) issued.push(award._id);
    }
    return issued;
  }

  return async function mergeProfiles(request: MergeRequest): Promise<MergeResult> {
    const reason = request.reason.trim();
    if (reason === '') {
      throw new AccoladeError('validation_failed', 'A merge needs a reason', {
        errors: [{ path: '/reason', message: 'must not be blank' }],
      });
    }
    const from = await existing(profiles, request.from, 'from');
    const to = await existing(profiles, request.to, 'to');
    if (from._id === to._id)
      throw new AccoladeError('conflict', 'A profile cannot be merged into itself', { from: from._id });

    const at = clock.now().toISOString();
    const record: ProfileMergeRecord = {
      _id: randomUUID(),
      from: from._id,
      to: to._id,
      reason,
      by: request.by,
      at,
      movedEmails: from.emails,
      revoked: [],
      issued: [],
    };
    await merges.insertOne(record);
    for (const email of from.emails) {
      await profileEmails.findOneAndUpdate({ _id: email }, { $set: { profileId: to._id, addedAt: at } });
    }
    const emails = [...to.emails, ...from.emails.filter((email) => !to.emails.includes(email))];
    const target = (await profiles.findOneAndUpdate({ _id: to._id }, { $set: { emails } })) ?? { ...to, emails };
    await profiles.findOneAndUpdate({ _id: from._id }, { $set: { mergedInto: to._id, emails: [] } });

    const joined = await awards.find({ recipientEmail: { $in: emails } }, { sort: { _id: 1 } });
    const revoked: string[] = [];
    for (const duplicate of duplicateAwards(joined)) {
      await deps.revokeAward(duplicate._id, DUPLICATE_REASON);
      revoked.push(duplicate._id);
    }
    const issued = await completeCertifications(target, record._id);
    const merge = (await merges.findOneAndUpdate({ _id: record._id }, { $set: { revoked, issued } })) ?? {
      ...record,
      revoked,
      issued,
    };
    return { merge, profile: target };
  };
}

export type MergeProfiles = ReturnType<typeof createMergeProfiles>;

/** The merges a profile took part in (into it, or of it into another), oldest first: what staff read. */
export function createMergeHistory(merges: Collection<ProfileMergeRecord>) {
  return async function mergesOf(profileId: string): Promise<ProfileMergeRecord[]> {
    const [into, of] = await Promise.all([merges.find({ to: profileId }), merges.find({ from: profileId })]);
    return [...into, ...of].sort((a, b) => a.at.localeCompare(b.at) || a._id.localeCompare(b._id));
  };
}

export type MergeHistory = ReturnType<typeof createMergeHistory>;
