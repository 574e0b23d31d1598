import type { CollectionDefinition } from '../../ports/store.js';

/**
 * A candidate's profile: one person, whatever emails their badges were issued to. The id is the
 * one they quote to support and see on transcripts and certificates (profileId.ts).
 */
export interface ProfileRecord {
  readonly _id: string;
  /** The name on the profile: the recipient name of the first badge it was made from. */
  readonly name: string;
  /** Every address whose badges belong to the profile, normalised; the first is the primary. */
  readonly emails: readonly string[];
  readonly createdAt: string;
  /** Set when the profile was merged into another: its id then leads there (mergeProfiles.ts). */
  readonly mergedInto?: string;
  /**
   * When staff last approved a change of `name` (nameChanges.ts): from then on the name is the
   * one on the candidate's government ID, and badges issued later carry it whatever a request says.
   */
  readonly nameApprovedAt?: string;
}

/**
 * Which profile an email belongs to, one document per address (`_id` is the normalised email):
 * the store's unique `_id` is what keeps an address in one profile only, on every adapter,
 * without relying on a unique index over an array field.
 */
export interface ProfileEmailRecord {
  readonly _id: string;
  readonly profileId: string;
  readonly addedAt: string;
}

export const PROFILES_COLLECTION: CollectionDefinition = { name: 'profiles', indexes: [] };

export const PROFILE_EMAILS_COLLECTION: CollectionDefinition = {
  name: 'profileEmails',
  indexes: [{ fields: { profileId: 1 } }],
};

/** A merge of two profiles, kept for good: who asked, when, why, and what it changed. */
export interface ProfileMergeRecord {
  readonly _id: string;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
  /** The API key that asked (its id and name), or the candidate's own session. */
  readonly by: Actor;
  readonly at: string;
  readonly movedEmails: readonly string[];
  /** Awards revoked as duplicates of one already held (reason `duplicate`). */
  readonly revoked: readonly string[];
  /** Certifications the merged history completed, issued by the merge. */
  readonly issued: readonly string[];
}

export const PROFILE_MERGES_COLLECTION: CollectionDefinition = {
  name: 'profileMerges',
  indexes: [{ fields: { from: 1 } }, { fields: { to: 1 } }],
};

export type NameChangeStatus = 'pending' | 'approved' | 'rejected';

/** Who asked or decided: an API key (support staff), or the candidate from their account. */
export type Actor =
  | { readonly kind: 'api-key'; readonly id: string; readonly name?: string }
  | {
      readonly kind: 'candidate' /** The signed-in address, when it is not the profile's only one. */;
      readonly email?: string;
    };

/** A request to change the name on a profile, and staff's decision; kept for good. */
export interface NameChangeRecord {
  readonly _id: string;
  readonly profileId: string;
  readonly currentName: string;
  readonly requestedName: string;
  readonly note?: string;
  readonly requestedBy: Actor;
  readonly requestedAt: string;
  readonly status: NameChangeStatus;
  readonly decidedBy?: Actor;
  readonly decidedAt?: string;
  readonly decisionReason?: string;
}

export const NAME_CHANGES_COLLECTION: CollectionDefinition = {
  name: 'nameChanges',
  indexes: [{ fields: { status: 1 } }, { fields: { profileId: 1 } }],
};
