import type { Accounts } from '../candidates/accounts.js';
import type { BadgeChoices } from '../candidates/badgeChoices.js';
import type { AwardNotifications } from '../mail/awardNotifications.js';
import type { AwardRecord } from './awardRecord.js';
import type { IssueAward } from './issueAward.js';

/**
 * Issuing as every caller (API, bulk job, completed certifications) sees it: each award newly
 * made is accepted at once when its candidate turned on auto-accept, then gets its email. A
 * replay or duplicate changes nothing and sends nothing.
 */
export function withIssueFollowUps(
  issue: IssueAward,
  deps: {
    readonly accounts: Pick<Accounts, 'byEmail'>;
    readonly choices: Pick<BadgeChoices, 'accept'>;
    readonly notifications: Pick<AwardNotifications, 'issued'>;
  },
): IssueAward {
  const acceptIfAsked = async (award: AwardRecord): Promise<AwardRecord> => {
    const account = await deps.accounts.byEmail(award.recipientEmail);
    return account?.autoAccept === true ? deps.choices.accept(award._id, award.recipientEmail) : award;
  };
  return async (request, options) => {
    const result = await issue(request, options);
    if (result.outcome !== 'created') return result;
    const [award, ...alsoAwarded] = await Promise.all([result.award, ...result.alsoAwarded].map(acceptIfAsked));
    for (const issued of [award!, ...alsoAwarded]) await deps.notifications.issued(issued);
    return { ...result, award: award!, alsoAwarded };
  };
}
