import { normalizeEmail } from '../../domain/email.js';
import { isAccoladeError } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import type { Collection } from '../../ports/store.js';
import type { AwardRecord } from '../awards/awardRecord.js';
import { newProfileId, parseProfileId, type RandomBytes } from './profileId.js';
import type { ProfileEmailRecord, ProfileRecord } from './profileRecord.js';

export interface ProfileDeps {
  readonly profiles: Collection<ProfileRecord>;
  readonly profileEmails: Collection<ProfileEmailRecord>;
  readonly awards: Collection<AwardRecord>;
  readonly clock: Clock;
  readonly random?: RandomBytes;
}

/** Tries for a free id; 40 random bits make a second try already rare. */
const ID_ATTEMPTS = 5;

const isConflict = (error: unknown) => isAccoladeError(error) && error.code === 'conflict';

/** What issuing to an address needs of its profile (see issueAward's `issuingProfile`). */
export interface IssuingProfile {
  readonly historyEmails: readonly string[];
  readonly approvedName?: string;
}

/**
 * Profiles, made on first need from the awards on record: an email the programme issued a badge
 * to has a profile as soon as anyone asks for it (the admin API, a transcript, a certificate), so
 * issuance itself is untouched. Two requests making the same profile at once end with one: the
 * email's link is written last and is unique, and the loser removes the profile it made.
 */
export function createProfiles(deps: ProfileDeps) {
  const { profiles, profileEmails, awards, clock } = deps;

  /** Hops a merged profile's id may take to the profile it ended in (merges of merges). */
  const MAX_MERGE_HOPS = 10;

  /** The profile of an id as typed; the id of a merged profile leads to the one it was merged into. */
  async function byId(input: string): Promise<ProfileRecord | null> {
    const id = parseProfileId(input);
    let profile = id === undefined ? null : await profiles.findOne({ _id: id });
    for (let hop = 0; profile?.mergedInto !== undefined && hop < MAX_MERGE_HOPS; hop += 1) {
      profile = await profiles.findOne({ _id: profile.mergedInto });
    }
    return profile;
  }

  async function linked(email: string): Promise<ProfileRecord | null> {
    const link = await profileEmails.findOne({ _id: email });
    return link === null ? null : profiles.findOne({ _id: link.profileId });
  }

  async function insertProfile(name: string, email: string, now: string): Promise<ProfileRecord> {
    for (let attempt = 1; ; attempt += 1) {
      const profile: ProfileRecord = { _id: newProfileId(deps.random), name, emails: [email], createdAt: now };
      try {
        await profiles.insertOne(profile);
        return profile;
      } catch (error) {
        if (!isConflict(error) || attempt >= ID_ATTEMPTS) throw error;
      }
    }
  }

  /** The profile an email belongs to, made from its awards if it has none yet; null if nothing is known of it. */
  async function forEmail(input: string): Promise<ProfileRecord | null> {
    const email = normalizeEmail(input);
    const existing = await linked(email);
    if (existing !== null) return existing;
    const [first] = await awards.find({ recipientEmail: email }, { sort: { _id: 1 }, limit: 1 });
    if (first === undefined) return null;
    const now = clock.now().toISOString();
    const made = await insertProfile(first.recipientName, email, now);
    try {
      await profileEmails.insertOne({ _id: email, profileId: made._id, addedAt: now });
      return made;
    } catch (error) {
      if (!isConflict(error)) throw error;
      await profiles.deleteOne({ _id: made._id });
      return linked(email);
    }
  }

  /** The addresses whose awards make up `email`'s history (historyEmailsOf). Reads only, so issuing never makes a profile. */
  async function historyEmails(input: string): Promise<readonly string[]> {
    return historyEmailsOf(input, await linked(input));
  }

  /** The name staff approved for `email`'s profile, if they ever did (nameChanges.ts). */
  async function approvedName(email: string): Promise<string | undefined> {
    return approvedNameOf(await linked(email));
  }

  /**
   * The profiles of many emails in two reads (their links, then the profiles they name): what
   * `linked` answers for each, for a bulk job's slice of rows. Emails without one map to null.
   */
  async function linkedMany(emails: readonly string[]): Promise<Map<string, ProfileRecord | null>> {
    const found = new Map<string, ProfileRecord | null>(emails.map((email) => [email, null]));
    if (emails.length === 0) return found;
    const links = await profileEmails.find({ _id: { $in: [...found.keys()] } });
    if (links.length === 0) return found;
    const ids = [...new Set(links.map((link) => link.profileId))];
    const byId = new Map((await profiles.find({ _id: { $in: ids } })).map((profile) => [profile._id, profile]));
    for (const link of links) found.set(link._id, byId.get(link.profileId) ?? null);
    return found;
  }

  /**
   * What issuing to `email` needs of its profile, from one read of its link: the addresses of its
   * history (as historyEmails) and the approved name (as approvedName).
   */
  async function issuingProfile(email: string): Promise<IssuingProfile> {
    return issuingProfileOf(email, await linked(email));
  }

  /** Every award of a profile, whichever of its emails it went to, in issuance order. */
  function awardsOf(profile: ProfileRecord): Promise<AwardRecord[]> {
    return awards.find({ recipientEmail: { $in: [...profile.emails] } }, { sort: { _id: 1 } });
  }

  return { byId, forEmail, awardsOf, historyEmails, approvedName, linkedMany, issuingProfile };
}

export type Profiles = ReturnType<typeof createProfiles>;

/**
 * The addresses whose awards make up `email`'s history, given its profile: the profile's, once it
 * has several, else the address alone.
 */
export function historyEmailsOf(email: string, profile: ProfileRecord | null): readonly string[] {
  if (profile === null || profile.emails.length < 2) return [email];
  return [email, ...profile.emails.filter((other) => other !== email)];
}

/** The name staff approved for a profile, if they ever did (nameChanges.ts). */
export function approvedNameOf(profile: ProfileRecord | null): string | undefined {
  return profile?.nameApprovedAt === undefined ? undefined : profile.name;
}

/** What issuing to `email` needs of its profile: historyEmailsOf and approvedNameOf together. */
export function issuingProfileOf(email: string, profile: ProfileRecord | null): IssuingProfile {
  const approvedName = approvedNameOf(profile);
  return { historyEmails: historyEmailsOf(email, profile), ...(approvedName === undefined ? {} : { approvedName }) };
}
