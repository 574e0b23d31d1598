import { normalizeEmail } from '../../domain/email.js';
import type { Collection, Filter, FindOptions, StoredDocument, Update } from '../../ports/store.js';
import type { AccountRecord } from '../candidates/accounts.js';
import type { ProfileRecord } from '../profiles/profileRecord.js';
import { historyEmailsOf, type IssuingProfile, issuingProfileOf } from '../profiles/profiles.js';
import type { AwardRecord } from './awardRecord.js';
import type { AwardRequest } from './awardRequest.js';

/** One pass about to be issued: its request and the idempotency key it is issued under. */
export interface PassToPrepare {
  readonly request: AwardRequest;
  readonly idempotencyKey?: string;
}

/**
 * Reads the context of many passes at once and answers issueAward's reads from it until the
 * returned function is called (see createPreparedReads).
 */
export type PrepareReads = (passes: readonly PassToPrepare[]) => Promise<() => void>;

export interface PreparedReadsDeps {
  /** The awards as stored. */
  readonly awards: Collection<AwardRecord>;
  readonly accounts: Collection<AccountRecord>;
  /** The profile each email is linked to, null for none (Profiles.linkedMany). */
  readonly linkedProfiles: (emails: readonly string[]) => Promise<Map<string, ProfileRecord | null>>;
  /** What answers one email's reads when no prepared context holds it (Profiles). */
  readonly issuingProfile: (email: string) => Promise<IssuingProfile>;
  readonly accountByEmail: (email: string) => Promise<AccountRecord | null>;
}

/** What one prepare read: the answers issueAward and its follow-ups would otherwise ask, one by one. */
interface Context {
  /** The slice's recipients' profiles (their history emails, their approved names). */
  readonly profiles: Map<string, ProfileRecord | null>;
  readonly accounts: Map<string, AccountRecord | null>;
  /** Every award of every history email, in `_id` order, kept up to date with the awards issued since. */
  readonly awardsByEmail: Map<string, AwardRecord[]>;
  readonly byExternalId: Map<string, AwardRecord | null>;
  readonly byIdempotencyKey: Map<string, AwardRecord | null>;
  /** The `_id` of every award the maps above hold. */
  readonly held: Set<string>;
}

/**
 * What was written while a prepare read: anything prepared contexts answer for, or these awards;
 * and the awards inserted meanwhile, which its reads may or may not have seen.
 */
interface WrittenMeanwhile {
  anything: boolean;
  readonly awards: Set<string>;
  readonly inserted: AwardRecord[];
}

/**
 * Fields of an award that only the mail queue and the reminder job keep (its email's state, its
 * reminders): issuing decides nothing on them, and no prepared answer is found by them.
 */
const MAIL_BOOKKEEPING = new Set(['notification', 'notificationError', 'reminded', 'reminders', 'reminderError']);

/**
 * The awards a write of mail bookkeeping alone may change: the ids its filter names
 * (`_id: id` or `_id: { $in: ids }`, beside any other condition), when every field its update
 * touches is bookkeeping (see MAIL_BOOKKEEPING); undefined for any other write.
 */
function bookkeepingTargets(filter: Filter, update: Update): readonly string[] | undefined {
  for (const [operator, fields] of Object.entries(update)) {
    if (operator !== '$set' && operator !== '$unset' && operator !== '$push') return undefined;
    for (const path of Object.keys(fields ?? {})) {
      if (!MAIL_BOOKKEEPING.has(path.split('.')[0]!)) return undefined;
    }
  }
  const id = filter['_id'];
  if (typeof id === 'string') return [id];
  const inList = onlyField((id ?? {}) as Filter);
  if (inList?.[0] !== '$in' || !Array.isArray(inList[1])) return undefined;
  return inList[1].every((item) => typeof item === 'string') ? (inList[1] as string[]) : undefined;
}

/** The single field of a filter with exactly one, and its value. */
function onlyField(filter: Filter): [string, unknown] | undefined {
  let only: [string, unknown] | undefined;
  for (const key in filter) {
    if (only !== undefined) return undefined;
    only = [key, filter[key]];
  }
  return only;
}

/** The emails of `{ recipientEmail: e }` or `{ recipientEmail: { $in: [...] } }`, else undefined. */
function recipientEmailsOf(filter: Filter): readonly string[] | undefined {
  const only = onlyField(filter);
  if (only?.[0] !== 'recipientEmail') return undefined;
  const value = only[1];
  if (typeof value === 'string') return [value];
  const inList = onlyField((value ?? {}) as Filter);
  if (inList?.[0] !== '$in' || !Array.isArray(inList[1])) return undefined;
  return inList[1].every((email) => typeof email === 'string') ? (inList[1] as string[]) : undefined;
}

function sortedById(records: readonly AwardRecord[]): AwardRecord[] {
  return [...records].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
}

/**
 * Issuing a bulk job's rows one by one costs each row the reads of a single POST: its keys (an
 * externalId, an Idempotency-Key), its recipient's profile, their history, their account.
 * `prepare` reads those of a whole slice of rows in one query per kind (profile links, profiles,
 * awards of every history email, externalIds, idempotency keys, accounts), and until it is
 * released the collection and functions made here answer those same reads from what it read.
 * issueAward runs unchanged on top, so every rule (exclusion, supersedence, retirement,
 * idempotency, duplicates, errors) is applied by the same code as for one POST.
 *
 * What was read stays exact: every award inserted through `awards` joins the prepared histories
 * and keys it belongs to (once its write has committed), a write of an award's mail bookkeeping
 * (its email sent, a reminder) drops the contexts holding that award, and any other write to the
 * awards (a revocation, an acceptance) drops every prepared context, so later reads go to the store; so
 * does any write to the profiles, their email links or the accounts made through the collections
 * `forgettingWrites` wraps (a merge, an added email, an approved name, an account's choices). A
 * read of any other shape goes to the store. Only for a store one process owns (embedded): with
 * several instances, another one's writes would not drop what was prepared.
 */
export function createPreparedReads(deps: PreparedReadsDeps) {
  const stored = deps.awards;
  const active = new Set<Context>();

  /** The first prepared context that holds `key` in the map `pick` chooses. */
  function answer<K, V>(pick: (context: Context) => Map<K, V>, key: K): { value: V } | undefined {
    for (const context of active) {
      const map = pick(context);
      if (map.has(key)) return { value: map.get(key) as V };
    }
    return undefined;
  }

  function history(emails: readonly string[]): AwardRecord[] | undefined {
    for (const context of active) {
      if (!emails.every((email) => context.awardsByEmail.has(email))) continue;
      const lists = emails.map((email) => context.awardsByEmail.get(email)!);
      return lists.length === 1 ? [...lists[0]!] : sortedById(lists.flat());
    }
    return undefined;
  }

  /** An award just committed joins the context's history and keys it belongs to, unless already there. */
  function joinContext(context: Context, award: AwardRecord): void {
    const list = context.awardsByEmail.get(award.recipientEmail);
    if (list !== undefined && !list.some((known) => known._id === award._id)) {
      let at = list.length;
      while (at > 0 && list[at - 1]!._id > award._id) at -= 1;
      list.splice(at, 0, award);
      context.held.add(award._id);
    }
    if (award.externalId !== undefined && context.byExternalId.has(award.externalId)) {
      context.byExternalId.set(award.externalId, award);
      context.held.add(award._id);
    }
    if (award.idempotencyKey !== undefined && context.byIdempotencyKey.has(award.idempotencyKey)) {
      context.byIdempotencyKey.set(award.idempotencyKey, award);
      context.held.add(award._id);
    }
  }

  /**
   * An award just committed joins every prepared context, and every prepare still reading once it
   * is done: its reads may have come before the award's commit.
   */
  function joined(award: AwardRecord): void {
    for (const context of active) joinContext(context, award);
    for (const written of preparing) written.inserted.push(award);
  }

  /** Reads of prepares under way, each with what was written since it started reading. */
  const preparing = new Set<WrittenMeanwhile>();

  /**
   * A write of mail bookkeeping (an email sent, a reminder recorded: see bookkeepingTargets) drops
   * only the prepared contexts holding one of the awards it may change, as the write starts, so
   * their reads go to the store meanwhile and after. Every other context stays: a bulk job's slice
   * is not read again because the email of an award issued long before has left. A prepare reading
   * meanwhile may read either version: it keeps nothing it read of those awards (see prepare).
   * The same once the write is done, for the contexts prepared while it ran.
   */
  async function forgettingOnly<R>(ids: readonly string[], write: Promise<R>): Promise<R> {
    const forget = () => {
      for (const context of active) if (ids.some((id) => context.held.has(id))) active.delete(context);
      for (const written of preparing) for (const id of ids) written.awards.add(id);
    };
    forget();
    try {
      return await write;
    } finally {
      // Again once it is done: a slice prepared meanwhile may have read what was there before.
      forget();
    }
  }

  /**
   * After any write to what prepared contexts answer for, other than an award's insert, nothing
   * prepared is trusted any more: dropped as the write starts, so reads made while it commits go to
   * the store, and again once it is done, since a slice prepared meanwhile read what was there before.
   */
  async function forgetting<R>(write: Promise<R>): Promise<R> {
    active.clear();
    for (const written of preparing) written.anything = true;
    try {
      return await write;
    } finally {
      active.clear();
      for (const written of preparing) written.anything = true;
    }
  }

  /**
   * `collection` with every write dropping the prepared contexts: for the profiles, their email
   * links and the accounts, whose reads prepared contexts answer. A merge or an added email changes
   * whose awards make up a history, an approval the name a badge carries, an account whether it
   * is auto-accepted; none of them writes an award.
   */
  function forgettingWrites<T extends StoredDocument>(collection: Collection<T>): Collection<T> {
    return {
      insertOne: (doc) => forgetting(collection.insertOne(doc)),
      insertMany: (docs) => forgetting(collection.insertMany(docs)),
      findOne: (filter) => collection.findOne(filter),
      find: (filter, options) => collection.find(filter, options),
      count: (filter) => collection.count(filter),
      findOneAndUpdate: (filter, update, options) => forgetting(collection.findOneAndUpdate(filter, update, options)),
      updateMany: (filter, update) => forgetting(collection.updateMany(filter, update)),
      deleteOne: (filter) => forgetting(collection.deleteOne(filter)),
      deleteMany: (filter) => forgetting(collection.deleteMany(filter)),
    };
  }

  const awards: Collection<AwardRecord> = {
    async insertOne(doc) {
      await stored.insertOne(doc);
      joined(doc);
    },
    insertMany: (docs) => forgetting(stored.insertMany(docs)),
    async findOne(filter) {
      const only = active.size === 0 ? undefined : onlyField(filter);
      if (only !== undefined && typeof only[1] === 'string') {
        const found =
          only[0] === 'externalId'
            ? answer((context) => context.byExternalId, only[1])
            : only[0] === 'idempotencyKey'
              ? answer((context) => context.byIdempotencyKey, only[1])
              : undefined;
        if (found !== undefined) return found.value;
      }
      return stored.findOne(filter);
    },
    async find(filter: Filter, options?: FindOptions) {
      if (active.size > 0 && isIdOrder(options)) {
        const emails = recipientEmailsOf(filter);
        const found = emails === undefined ? undefined : history(emails);
        if (found !== undefined) return found;
      }
      return stored.find(filter, options);
    },
    count: (filter) => stored.count(filter),
    findOneAndUpdate(filter, update, options) {
      const ids = options?.upsert === true ? undefined : bookkeepingTargets(filter, update);
      const write = stored.findOneAndUpdate(filter, update, options);
      return ids === undefined ? forgetting(write) : forgettingOnly(ids, write);
    },
    updateMany(filter, update) {
      const ids = bookkeepingTargets(filter, update);
      const write = stored.updateMany(filter, update);
      return ids === undefined ? forgetting(write) : forgettingOnly(ids, write);
    },
    deleteOne: (filter) => forgetting(stored.deleteOne(filter)),
    deleteMany: (filter) => forgetting(stored.deleteMany(filter)),
  };

  async function read(passes: readonly PassToPrepare[]): Promise<Context> {
    const recipients = new Set<string>();
    const externalIds = new Set<string>();
    const keys = new Set<string>();
    for (const { request, idempotencyKey } of passes) {
      try {
        recipients.add(normalizeEmail(request.recipient.email));
      } catch {
        // Refused when the pass is issued, with its code: nothing to read for it.
      }
      if (request.externalId !== undefined) externalIds.add(request.externalId);
      if (idempotencyKey !== undefined) keys.add(idempotencyKey);
    }
    const emails = [...recipients];
    const profiles = await deps.linkedProfiles(emails);
    const historyEmails = [...new Set(emails.flatMap((email) => historyEmailsOf(email, profiles.get(email) ?? null)))];
    const [histories, withExternalIds, withKeys, accounts] = await Promise.all([
      historyEmails.length === 0 ? [] : stored.find({ recipientEmail: { $in: historyEmails } }, { sort: { _id: 1 } }),
      externalIds.size === 0 ? [] : stored.find({ externalId: { $in: [...externalIds] } }),
      keys.size === 0 ? [] : stored.find({ idempotencyKey: { $in: [...keys] } }),
      emails.length === 0 ? [] : deps.accounts.find({ email: { $in: emails } }),
    ]);
    const awardsByEmail = new Map<string, AwardRecord[]>(historyEmails.map((email) => [email, []]));
    for (const award of histories) awardsByEmail.get(award.recipientEmail)?.push(award);
    const byExternalId = new Map<string, AwardRecord | null>([...externalIds].map((id) => [id, null]));
    for (const award of withExternalIds) byExternalId.set(award.externalId!, award);
    const byIdempotencyKey = new Map<string, AwardRecord | null>([...keys].map((key) => [key, null]));
    for (const award of withKeys) byIdempotencyKey.set(award.idempotencyKey!, award);
    const accountOf = new Map<string, AccountRecord | null>(emails.map((email) => [email, null]));
    for (const account of accounts) accountOf.set(account.email, account);
    const held = new Set<string>();
    for (const award of [...histories, ...withExternalIds, ...withKeys]) held.add(award._id);
    return { profiles, accounts: accountOf, awardsByEmail, byExternalId, byIdempotencyKey, held };
  }

  const prepare: PrepareReads = async (passes) => {
    const written: WrittenMeanwhile = { anything: false, awards: new Set(), inserted: [] };
    preparing.add(written);
    let context: Context;
    try {
      context = await read(passes);
    } finally {
      preparing.delete(written);
    }
    // What was written while the reads ran may have been read before or after the write: the
    // passes then read the store, as after any write to what they would be answered from.
    if (written.anything || [...written.awards].some((id) => context.held.has(id))) return () => undefined;
    for (const award of written.inserted) joinContext(context, award);
    active.add(context);
    return () => {
      active.delete(context);
    };
  };

  return {
    awards,
    forgettingWrites,
    prepare,
    async issuingProfile(email: string): Promise<IssuingProfile> {
      const found = answer((context) => context.profiles, email);
      return found === undefined ? deps.issuingProfile(email) : issuingProfileOf(email, found.value);
    },
    async accountByEmail(email: string): Promise<AccountRecord | null> {
      const found = answer((context) => context.accounts, email);
      return found === undefined ? deps.accountByEmail(email) : found.value;
    },
  };
}

/** `{ sort: { _id: 1 } }` and nothing else: the order prepared histories are kept in. */
function isIdOrder(options: FindOptions | undefined): boolean {
  if (options === undefined || options.limit !== undefined || options.skip !== undefined) return false;
  const sort = onlyField((options.sort ?? {}) as Filter);
  return sort?.[0] === '_id' && sort[1] === 1;
}

export type PreparedReads = ReturnType<typeof createPreparedReads>;
