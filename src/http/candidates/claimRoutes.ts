import express, { type Request, type Response, Router } from 'express';
import type { AwardRecord, Lang } from '../../app/awards/awardRecord.js';
import type { Accounts } from '../../app/candidates/accounts.js';
import type { BadgeChoices } from '../../app/candidates/badgeChoices.js';
import type { Sessions } from '../../app/candidates/sessions.js';
import { SESSION_TTL_MS } from '../../app/candidates/sessions.js';
import type { Tokens } from '../../app/candidates/tokens.js';
import type { UrlLayout } from '../../badges/urls.js';
import { fill } from '../pages/candidateMessages.js';
import { formatDate, typeset } from '../pages/i18n.js';
import { candidateLang, candidateTexts, sendCandidatePage, sendRefusalPage } from './candidatePage.js';
import { type CookiePolicy, csrfTokenFor, isSameSitePost, SESSION_COOKIE, setCookie } from './formSecurity.js';
import { linkNotFound } from './unsubscribeRoutes.js';

export interface CandidateRouteDeps {
  readonly urls: UrlLayout;
  readonly cookies: CookiePolicy;
  readonly issuerName: string;
  readonly tokens: Tokens;
  readonly sessions: Sessions;
  readonly accounts: Accounts;
  readonly choices: BadgeChoices;
  readonly findAward: (id: string) => Promise<AwardRecord | null>;
}

/** Small urlencoded forms only: a huge post is refused (413) before it is read. */
export const candidateForm = express.urlencoded({ extended: false, limit: 4096, parameterLimit: 20 });

/** The 403 page of a post without our Origin and CSRF token. */
export function sendForbidden(req: Request, res: Response, mount: string): void {
  const lang = candidateLang(req, undefined);
  const t = candidateTexts(lang);
  sendRefusalPage(res, 'forbidden', {
    lang,
    base: mount,
    title: t.forbiddenTitle,
    text: t.forbiddenText,
  });
}

/** Signs the candidate in: a new session, its token in an HttpOnly, SameSite=Lax cookie. */
export async function signIn(res: Response, deps: Pick<CandidateRouteDeps, 'sessions' | 'cookies'>, email: string) {
  const session = await deps.sessions.open(email);
  setCookie(res, deps.cookies, SESSION_COOKIE, session.token, SESSION_TTL_MS);
}

/**
 * The claim link of the award email: `GET /claim/<token>` shows the badge with two forms whose
 * actions are exactly `/claim/<token>/accept` and `/claim/<token>/decline`. Accepting signs the
 * candidate in and opens their account; declining can be undone there. The link is one-time:
 * once the badge is accepted or declined through it (or from the account), it answers 404 with
 * a way to sign in, as an unknown, expired or malformed one does. Retirement of the achievement
 * changes nothing: its badges stay claimable.
 */
export function claimRoutes(deps: CandidateRouteDeps): Router {
  const router = Router();
  const mount = deps.urls.mount;

  /** The award behind a live claim token, or null once the 404 page is sent. */
  async function claimed(req: Request, res: Response): Promise<{ award: AwardRecord; token: string } | null> {
    const token = req.params['token'] as string;
    const record = await deps.tokens.find('claim', token);
    const award = record?.awardId === undefined ? null : await deps.findAward(record.awardId);
    if (award === null || award.status === 'revoked' || award.recipientEmail !== record?.email) {
      sendRefusalPage(res, 'not_found', linkNotFound(candidateLang(req, undefined), mount));
      return null;
    }
    return { award, token };
  }

  /**
   * The claim page's language: the account's, else the one the visitor chose (`?lang=` on the
   * page, carried by its forms as a `lang` field since their actions take no query string), else
   * the browser's, else the award's.
   */
  async function langOf(req: Request, award: AwardRecord): Promise<{ lang: Lang; langFromAccount: boolean }> {
    const account = await deps.accounts.byEmail(award.recipientEmail);
    if (account?.lang !== undefined) return { lang: account.lang, langFromAccount: true };
    return { lang: chosenLang(req) ?? candidateLang(req, undefined, award.recipientLocale), langFromAccount: false };
  }

  router.get('/claim/:token', async (req, res) => {
    const found = await claimed(req, res);
    if (found === null) return;
    const { award, token } = found;
    const { lang, langFromAccount } = await langOf(req, award);
    const t = candidateTexts(lang);
    const name = typeset(award.achievement.title[lang], lang);
    sendCandidatePage(res, 200, 'claim', {
      lang,
      langFromAccount,
      base: mount,
      title: name,
      csrf: csrfTokenFor(req, res, deps.cookies),
      intro: fill(t.claimIntro, { name: award.recipientName }),
      badge: {
        name,
        image: deps.urls.png(award._id),
        issuer: deps.issuerName,
        earnedOn: formatDate(award.earnedOn, lang),
      },
      actions: { accept: `${mount}/claim/${token}/accept`, decline: `${mount}/claim/${token}/decline` },
      chosenLang: chosenLang(req),
    });
  });

  // A form's address opened by GET (a reload or Back after the post, a copied address): the claim
  // page, which answers the live link or the 404 page with its way to sign in. Nothing changes.
  router.get('/claim/:token/:choice', (req, res) => {
    const chosen = chosenLang(req);
    const token = encodeURIComponent(req.params['token'] as string);
    res.redirect(303, `${mount}/claim/${token}${chosen === undefined ? '' : `?lang=${chosen}`}`);
  });

  router.post('/claim/:token/:choice', candidateForm, async (req, res) => {
    const choice = req.params['choice'];
    if (choice !== 'accept' && choice !== 'decline') {
      sendRefusalPage(res, 'not_found', linkNotFound(candidateLang(req, undefined), mount));
      return;
    }
    if (!isSameSitePost(req, deps.cookies)) {
      sendForbidden(req, res, mount);
      return;
    }
    const found = await claimed(req, res);
    if (found === null) return;
    // One-time: of two concurrent posts, only one gets the token.
    const used = await deps.tokens.consume('claim', found.token);
    if (used === null) {
      sendRefusalPage(res, 'not_found', linkNotFound(candidateLang(req, undefined), mount));
      return;
    }
    const { award } = found;
    await deps.tokens.retireForAward('claim', award._id);
    if (choice === 'accept') {
      await deps.choices.accept(award._id, award.recipientEmail);
      await signIn(res, deps, award.recipientEmail);
      const chosen = chosenLang(req);
      res.redirect(303, `${mount}/account${chosen === undefined ? '' : `?lang=${chosen}`}`);
      return;
    }
    await deps.choices.decline(award._id, award.recipientEmail);
    const { lang } = await langOf(req, award);
    const t = candidateTexts(lang);
    sendCandidatePage(res, 200, 'message', {
      lang,
      base: mount,
      title: t.declinedTitle,
      text: t.declinedText,
      link: { url: `${mount}/sign-in?lang=${lang}`, label: t.signInLink },
    });
  });

  return router;
}

/** The language the visitor chose explicitly: `?lang=` on a page, or the `lang` field of its form. */
function chosenLang(req: Request): Lang | undefined {
  const chosen = req.query['lang'] ?? (req.body as Record<string, unknown> | undefined)?.['lang'];
  return chosen === 'en' || chosen === 'fr' ? chosen : undefined;
}
