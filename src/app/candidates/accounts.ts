import { randomUUID } from 'node:crypto';
import type { Clock } from '../../ports/clock.js';
import type { Collection, CollectionDefinition } from '../../ports/store.js';
import type { Lang } from '../awards/awardRecord.js';

/**
 * A candidate's account: one per email address the programme knows, made on first need (the
 * first mail, the first sign-in). `_id` is a random UUID: it names the public profile
 * (`/profiles/<id>`) without revealing the address.
 */
export interface AccountRecord {
  readonly _id: string;
  readonly email: string;
  readonly createdAt: string;
  /** Future badges are accepted as they are issued. */
  readonly autoAccept: boolean;
  /** Reminders of unclaimed badges; turned off by the opt-out link of any email. */
  readonly reminders: boolean;
  /** The language chosen in the account; unset, pages and mails follow each award's locale. */
  readonly lang?: Lang;
  /** Whether `/profiles/<id>` lists the public badges. */
  readonly profilePublic: boolean;
}

export type AccountSettings = Partial<Pick<AccountRecord, 'autoAccept' | 'reminders' | 'profilePublic'>> & {
  /** null: no choice, each award's own locale. */
  readonly lang?: Lang | null;
};

export const ACCOUNTS_COLLECTION: CollectionDefinition = {
  name: 'accounts',
  indexes: [{ fields: { email: 1 }, unique: true }],
};

export function createAccounts(deps: { readonly collection: Collection<AccountRecord>; readonly clock: Clock }) {
  const { collection, clock } = deps;
  return {
    byEmail(email: string): Promise<AccountRecord | null> {
      return collection.findOne({ email });
    },
    /** The accounts of these addresses, those that have one, in one read. */
    byEmails(emails: readonly string[]): Promise<AccountRecord[]> {
      return collection.find({ email: { $in: [...emails] } });
    },
    byId(id: string): Promise<AccountRecord | null> {
      return collection.findOne({ _id: id });
    },
    /** The account of an address, made with the defaults if there is none yet. */
    async ensure(email: string): Promise<AccountRecord> {
      const existing = await collection.findOne({ email });
      if (existing !== null) return existing;
      try {
        const account = await collection.findOneAndUpdate(
          { email },
          {
            $setOnInsert: {
              _id: randomUUID(),
              createdAt: clock.now().toISOString(),
              autoAccept: false,
              reminders: true,
              profilePublic: false,
            },
          },
          { upsert: true },
        );
        if (account !== null) return account;
      } catch {
        // Made meanwhile by a concurrent request (unique email): read it below.
      }
      const made = await collection.findOne({ email });
      if (made === null) throw new Error(`The account of ${email} could not be made`);
      return made;
    },
    async update(email: string, settings: AccountSettings): Promise<AccountRecord> {
      await this.ensure(email);
      const set: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(settings)) if (value !== undefined) set[key] = value;
      const updated =
        Object.keys(set).length === 0 ? null : await collection.findOneAndUpdate({ email }, { $set: set });
      return updated ?? (await this.ensure(email));
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
