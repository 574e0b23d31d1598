import type { CollectionDefinition } from '../../ports/store.js';
import type { Lang } from '../awards/awardRecord.js';

/** What a queued message is about; each has its composer (`composeMail.ts`). */
export const MAIL_TEMPLATES = ['award', 'newBadge', 'signIn', 'reminder', 'proveEmail'] as const;
export type MailTemplate = (typeof MAIL_TEMPLATES)[number];

/**
 * `queued` → `sending` (leased to one sender) → `sent`; a transient failure goes back to
 * `queued` with a later `nextAttemptAt`; a permanent one, or too many attempts, ends `failed`;
 * `cancelled` when there was nothing left to say (the award was revoked before the mail left).
 */
export const MAIL_STATUSES = ['queued', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

export type MailData = Readonly<Record<string, string | number | boolean>>;

/** A request to send one message; `key` makes it idempotent (a second request with it is a no-op). */
export interface MailRequest {
  readonly key: string;
  readonly template: MailTemplate;
  readonly lang: Lang;
  readonly to: string;
  readonly data?: MailData;
  readonly awardId?: string;
}

/**
 * One message of the queue. `_id` is the request's key, so no message exists twice whoever asks
 * for it again (a retried issuance, the start-up sweep). No secret is kept here: links with a
 * token (claim, sign-in, opt-out) are minted when the message is composed, only their hashes kept.
 */
export interface MailRecord {
  readonly _id: string;
  readonly template: MailTemplate;
  readonly lang: Lang;
  readonly to: string;
  readonly data: MailData;
  readonly awardId?: string;
  readonly status: MailStatus;
  readonly attempts: number;
  readonly createdAt: string;
  readonly nextAttemptAt: string;
  /** While `sending`: until when the sender holds it; after that another sender may take it. */
  readonly leaseUntil?: string;
  readonly owner?: string;
  readonly sentAt?: string;
  readonly lastError?: string;
}

/**
 * Messages are read by key (`_id`) and by status (what is due, what a stopped sender held); none
 * by award (an award's own message has the key `award.<id>`), so `awardId` has no index: every
 * award queues a message, and an index nothing reads would be written for each.
 */
export const MAIL_COLLECTION: CollectionDefinition = {
  name: 'mail',
  indexes: [{ fields: { status: 1, nextAttemptAt: 1 } }],
};
