import type { UrlLayout } from '../../badges/urls.js';
import type { AwardRecord, Lang } from '../awards/awardRecord.js';
import type { Accounts } from '../candidates/accounts.js';
import type { CandidateUrls } from '../candidates/candidateUrls.js';
import type { Tokens } from '../candidates/tokens.js';
import type { ComposedMail, Composer } from './mailQueue.js';
import type { MailRecord } from './mailRecord.js';
import { mailTexts } from './mailTexts.js';
import { proveEmailMail } from './proveEmailMail.js';
import { renderMail } from './renderMail.js';

const DAY_MS = 86_400_000;
/** A claim link works for 90 days; after that the badge is still claimable from the account. */
export const CLAIM_LINK_TTL_MS = 90 * DAY_MS;
export const SIGN_IN_LINK_TTL_MS = 30 * 60_000;
/** Opt-out links keep working long after the mail was read. */
export const UNSUBSCRIBE_LINK_TTL_MS = 2 * 365 * DAY_MS;

export interface ComposeDeps {
  readonly findAward: (id: string) => Promise<AwardRecord | null>;
  readonly accounts: Pick<Accounts, 'byEmail'>;
  readonly tokens: Pick<Tokens, 'mint'>;
  readonly urls: Pick<UrlLayout, 'png'>;
  readonly candidateUrls: CandidateUrls;
  readonly issuerName: string;
}

/**
 * Turns a queued message into the email, at the moment it is sent: the award as it is now (a
 * badge accepted meanwhile gets the "new badge" text, one revoked or declined gets nothing), the
 * account's language when the candidate chose one, and fresh links whose tokens are stored hashed.
 */
export function createComposer(deps: ComposeDeps): Composer {
  async function optOut(record: MailRecord, label: string) {
    const token = await deps.tokens.mint('unsubscribe', record.to, { ttlMs: UNSUBSCRIBE_LINK_TTL_MS });
    return { label, url: deps.candidateUrls.unsubscribe(token) };
  }

  async function awardMail(record: MailRecord, lang: Lang, remindersOff: boolean): Promise<ComposedMail | null> {
    const award = record.awardId === undefined ? null : await deps.findAward(record.awardId);
    if (award === null || award.status === 'revoked' || award.status === 'declined') return null;
    // A reminder is for a badge still waiting, to someone who has not opted out since it was queued.
    if (record.template === 'reminder' && (award.status !== 'pending' || remindersOff)) return null;
    const badge = award.achievement.title[lang];
    const t = mailTexts(lang, { badge, name: award.recipientName, issuer: deps.issuerName });
    const image = { src: deps.urls.png(award._id), alt: badge };
    if (award.status === 'accepted') {
      return renderMail({
        lang,
        subject: t.newBadgeSubject,
        image,
        paragraphs: [t.newBadgeIntro],
        action: { label: t.newBadgeAction, url: deps.candidateUrls.account },
        footer: t.optOutHelp,
        optOut: await optOut(record, t.optOut),
      });
    }
    // Both links minted at once: their two store writes share one commit.
    const [claim, unsubscribe] = await Promise.all([
      deps.tokens.mint('claim', award.recipientEmail, { ttlMs: CLAIM_LINK_TTL_MS, awardId: award._id }),
      optOut(record, t.optOut),
    ]);
    const footer = { footer: t.optOutHelp, optOut: unsubscribe };
    const reminder = record.template === 'reminder';
    return renderMail({
      lang,
      subject: reminder ? t.reminderSubject : t.awardSubject,
      image,
      paragraphs: [reminder ? t.reminderIntro : t.awardIntro, t.awardHelp],
      action: { label: t.awardAction, url: deps.candidateUrls.claim(claim) },
      ...footer,
    });
  }

  async function signInMail(record: MailRecord, lang: Lang): Promise<ComposedMail> {
    const t = mailTexts(lang, { issuer: deps.issuerName });
    const token = await deps.tokens.mint('signIn', record.to, { ttlMs: SIGN_IN_LINK_TTL_MS });
    return renderMail({
      lang,
      subject: t.signInSubject,
      paragraphs: [t.signInIntro, t.signInIgnore],
      action: { label: t.signInAction, url: deps.candidateUrls.signInLink(token, lang) },
      footer: t.optOutHelp,
      optOut: await optOut(record, t.optOut),
    });
  }

  return async (record) => {
    const account = await deps.accounts.byEmail(record.to);
    const lang = account?.lang ?? record.lang;
    if (record.template === 'signIn') return signInMail(record, lang);
    if (record.template === 'proveEmail') return proveEmailMail({ ...deps, optOut }, record, lang);
    return awardMail(record, lang, account?.reminders === false);
  };
}
