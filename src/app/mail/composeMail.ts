import type { UrlLayout } from '../../badges/urls.js';
import type { AwardRecord, Lang } from '../awards/awardRecord.js';
import type { Accounts } from '../candidates/accounts.js';
import type { CandidateUrls } from '../candidates/candidateUrls.js';
import type { Tokens } from '../candidates/tokens.js';
import type { ComposedMail, Composer } from './mailQueue.js';
import type { MailRecord } from './mailRecord.js';
import { createMailShapes } from './mailShapes.js';
import { mailTexts } from './mailTexts.js';
import { proveEmailMail } from './proveEmailMail.js';
import { readTogether } from './readTogether.js';
import { renderMail } from './renderMail.js';

const DAY_MS = 86_400_000;
/** A claim link works for 90 days; after that the badge is still claimable from the account. */
export const CLAIM_LINK_TTL_MS = 90 * DAY_MS;
export const SIGN_IN_LINK_TTL_MS = 30 * 60_000;
/** Opt-out links keep working long after the mail was read. */
export const UNSUBSCRIBE_LINK_TTL_MS = 2 * 365 * DAY_MS;

export interface ComposeDeps {
  /** The awards of these ids that exist, in one read. */
  readonly findAwards: (ids: readonly string[]) => Promise<readonly AwardRecord[]>;
  readonly accounts: Pick<Accounts, 'byEmails'>;
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
  const shapes = createMailShapes();
  // Messages composed together (the mail queue starts 25 at once) read their accounts and
  // awards together.
  const findAward = readTogether(deps.findAwards, (award) => award._id);
  const accountOf = readTogether(deps.accounts.byEmails, (account) => account.email);

  async function optOutUrl(record: MailRecord): Promise<string> {
    const token = await deps.tokens.mint('unsubscribe', record.to, { ttlMs: UNSUBSCRIBE_LINK_TTL_MS });
    return deps.candidateUrls.unsubscribe(token);
  }

  async function optOut(record: MailRecord, label: string) {
    return { label, url: await optOutUrl(record) };
  }

  async function awardMail(record: MailRecord, lang: Lang, remindersOff: boolean): Promise<ComposedMail | null> {
    const award = record.awardId === undefined ? null : await findAward(record.awardId);
    if (award === null || award.status === 'revoked' || award.status === 'declined') return null;
    // A reminder is for a badge still waiting, to someone who has not opted out since it was queued.
    if (record.template === 'reminder' && (award.status !== 'pending' || remindersOff)) return null;
    const badge = award.achievement.title[lang];
    const image = { src: deps.urls.png(award._id), alt: badge };
    if (award.status === 'accepted') {
      const t = mailTexts(lang, { badge, name: award.recipientName, issuer: deps.issuerName });
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
      optOutUrl(record),
    ]);
    // Every badge waiting has the same email but for the recipient's parts: rendered once per
    // shape, filled per message.
    const reminder = record.template === 'reminder';
    const shape = [reminder ? 'reminder' : 'award', lang, badge].join('\u0000');
    return shapes.fill(
      shape,
      lang,
      (parts) => {
        const texts = mailTexts(lang, { badge, name: parts.name, issuer: deps.issuerName });
        return {
          lang,
          subject: reminder ? texts.reminderSubject : texts.awardSubject,
          image: { src: parts.image, alt: badge },
          paragraphs: [reminder ? texts.reminderIntro : texts.awardIntro, texts.awardHelp],
          action: { label: texts.awardAction, url: parts.action },
          footer: texts.optOutHelp,
          optOut: { label: texts.optOut, url: parts.optOut },
        };
      },
      { name: award.recipientName, image: image.src, action: deps.candidateUrls.claim(claim), optOut: unsubscribe },
    );
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
    const account = await accountOf(record.to);
    const lang = account?.lang ?? record.lang;
    if (record.template === 'signIn') return signInMail(record, lang);
    if (record.template === 'proveEmail') return proveEmailMail({ ...deps, optOut }, record, lang);
    return awardMail(record, lang, account?.reminders === false);
  };
}
