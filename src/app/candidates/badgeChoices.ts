import { AccoladeError } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import type { Collection, Filter } from '../../ports/store.js';
import type { AwardRecord, AwardVisibility } from '../awards/awardRecord.js';

/** The candidate's addresses: the one signed in, or every address of their profile. */
export type CandidateEmails = string | readonly string[];

function recipientFilter(emails: CandidateEmails): Filter {
  return { recipientEmail: typeof emails === 'string' ? emails : { $in: [...emails] } };
}

/**
 * What a candidate decides about their own badges: accept, decline, hide, public or private.
 * Every change names the candidate's addresses in its filter, so a form naming another person's
 * award changes nothing and answers not_found, as for an award that does not exist.
 */
export function createBadgeChoices(deps: { readonly awards: Collection<AwardRecord>; readonly clock: Clock }) {
  const { awards, clock } = deps;

  async function change(id: string, emails: CandidateEmails, filter: Filter, set: Record<string, unknown>) {
    const changed = await awards.findOneAndUpdate({ _id: id, ...recipientFilter(emails), ...filter }, { $set: set });
    if (changed !== null) return changed;
    const own = await awards.findOne({ _id: id, ...recipientFilter(emails) });
    if (own === null) throw new AccoladeError('not_found', `No award ${id} of this candidate`);
    // Already in the wanted state (a repeated click), or revoked: nothing to change.
    if (own.status === 'revoked') throw new AccoladeError('conflict', 'This badge was revoked', { status: own.status });
    return own;
  }

  return {
    /** Pending or declined → accepted. Public unless the candidate made it private. */
    accept(id: string, email: CandidateEmails): Promise<AwardRecord> {
      return change(
        id,
        email,
        { status: { $in: ['pending', 'declined'] } },
        {
          status: 'accepted',
          acceptedAt: clock.now().toISOString(),
        },
      );
    },
    /** Pending → declined; an accepted badge can be declined too (the candidate changed their mind). */
    decline(id: string, email: CandidateEmails): Promise<AwardRecord> {
      return change(
        id,
        email,
        { status: { $in: ['pending', 'accepted'] } },
        {
          status: 'declined',
          declinedAt: clock.now().toISOString(),
        },
      );
    },
    hide(id: string, email: CandidateEmails, hidden: boolean): Promise<AwardRecord> {
      return change(id, email, { status: { $ne: 'revoked' } }, { hidden });
    },
    setVisibility(id: string, email: CandidateEmails, visibility: AwardVisibility): Promise<AwardRecord> {
      return change(id, email, { status: { $ne: 'revoked' } }, { visibility });
    },
    /** The candidate's badges, newest first (revoked ones included: they are shown as such). */
    of(email: CandidateEmails): Promise<AwardRecord[]> {
      return awards.find(recipientFilter(email), { sort: { _id: -1 } });
    },
  };
}

export type BadgeChoices = ReturnType<typeof createBadgeChoices>;
