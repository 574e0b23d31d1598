import type { EvidenceInput } from '../../badges/documentInput.js';
import type { CollectionDefinition } from '../../ports/store.js';

export const AWARD_STATUSES = ['pending', 'accepted', 'declined', 'revoked'] as const;
export type AwardStatus = (typeof AWARD_STATUSES)[number];

export type Lang = 'en' | 'fr';

export interface LocalisedText {
  readonly en: string;
  readonly fr: string;
}

/**
 * What the catalog said about the achievement when the award was issued. Signed documents are
 * built from the award alone, so a later catalog edit never changes what an issued badge says.
 */
export interface AchievementSnapshot {
  readonly kind: 'exam' | 'certification';
  readonly title: LocalisedText;
  readonly description: LocalisedText;
  readonly criteria: LocalisedText;
  readonly criteriaUrl?: string;
  readonly imageFile?: string;
  readonly tags?: readonly string[];
}

export interface AwardRecord {
  /** UUIDv7: time-ordered, so listing by id is listing by issuance. */
  readonly _id: string;
  /** OB 3.0 `credentialSubject.id` is `urn:uuid:<subjectId>`: one per award, unlinkable across awards. */
  readonly subjectId: string;
  readonly recipientEmail: string;
  readonly recipientName: string;
  readonly recipientLocale: Lang;
  readonly salt: string;
  readonly identityHash: string;
  readonly achievementId: string;
  readonly achievement: AchievementSnapshot;
  /** The exam whose pass led to this badge, when the badge is for something else (a certification). */
  readonly earnedBy?: string;
  readonly earnedOn: string;
  readonly issuedOn: string;
  readonly expires?: string;
  readonly status: AwardStatus;
  readonly revokedAt?: string;
  readonly revocationReason?: string;
  /** The award re-issued in this one's place (a name change), once this one is revoked as `superseded`. */
  readonly supersededBy?: string;
  /** The award this one re-issues, with the same dates, under the profile's approved name. */
  readonly reissueOf?: string;
  readonly keySetId: string;
  readonly externalId?: string;
  readonly idempotencyKey?: string;
  /** SHA-256 of the canonical request, to tell a retry from a conflicting reuse of a key. */
  readonly requestFingerprint: string;
  readonly evidence?: readonly EvidenceInput[];
  /**
   * `<email>|<achievement>|<generation>`, unique: two concurrent requests for the same badge
   * compute the same key and only one is stored, so no race can issue a badge twice. A renewal of
   * an expired certification is the next generation.
   */
  readonly dedupeKey: string;
  /**
   * The award email's state, written with the award (`queued`), so an award is never without
   * one: the mail queue (`app/mail`) sends it and records `sent`, or `failed` with the reason once
   * retrying is over; `cancelled` when the badge was revoked or declined before it left.
   */
  readonly notification: AwardNotification;
  readonly notificationError?: string;
  /** The latest reminder the reminder job recorded for this award (1-based; `app/reminders`). */
  readonly reminded?: number;
  /** The reminders delivered, in the order they were. */
  readonly reminders?: readonly AwardReminder[];
  /** The last reminder that failed for good. */
  readonly reminderError?: { readonly n: number; readonly error: string };
  /** When the candidate accepted or declined it (the latest choice). */
  readonly acceptedAt?: string;
  readonly declinedAt?: string;
  /**
   * Whether the badge page shows the earner once accepted; absent means public (accepting makes a
   * badge public unless the candidate chose private). A badge not accepted is never shown as theirs.
   */
  readonly visibility?: AwardVisibility;
  /** Hidden from the candidate's list and profile (their choice; the badge itself is unchanged). */
  readonly hidden?: boolean;
}

export interface AwardReminder {
  readonly n: number;
  readonly sentAt: string;
}

export type AwardVisibility = 'public' | 'private';

export type AwardNotification = 'queued' | 'sent' | 'failed' | 'cancelled';

export const AWARDS_COLLECTION: CollectionDefinition = {
  name: 'awards',
  indexes: [
    { fields: { dedupeKey: 1 }, unique: true },
    { fields: { externalId: 1 }, unique: true, sparse: true },
    { fields: { idempotencyKey: 1 }, unique: true, sparse: true },
    { fields: { recipientEmail: 1 } },
    { fields: { achievementId: 1 } },
    // The reminder job's: the pending awards at one reminder (`reminded`, none yet: null) in `_id`
    // pages, those issued early enough to be due chosen from the index entries alone (`issuedOn`
    // after `_id`), so that only the awards due are read.
    { fields: { status: 1, reminded: 1, _id: 1, issuedOn: 1 } },
    // The start-up sweep's (awards whose email may be missing): those still `queued` in `_id`
    // pages, each page read from the index in order. On the notification alone, every page sorted
    // every queued award first: 25,000 emails still waiting made the start take seconds.
    { fields: { notification: 1, _id: 1 } },
  ],
};
