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
