import express, { type Request, type Response, Router } from 'express';
import type { Accounts } from '../../app/candidates/accounts.js';
import type { Tokens } from '../../app/candidates/tokens.js';
import { pageLang } from '../pages/i18n.js';
import { candidateTexts, sendCandidatePage, sendRefusalPage } from './candidatePage.js';

/**
 * The opt-out link of every email. GET shows a confirmation (mail scanners follow links, so a GET
 * changes nothing); POST, from that page or from the mail client's one-click button (RFC 8058:
 * `List-Unsubscribe=One-Click`, sent without cookies from anywhere), turns reminders off. The
 * token itself is the proof, so no CSRF token is asked; repeating it changes nothing.
 */
export function unsubscribeRoutes(deps: {
  readonly tokens: Pick<Tokens, 'find'>;
  readonly accounts: Pick<Accounts, 'update'>;
  readonly mount: string;
}): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: 2048, parameterLimit: 10 });

  /** The link's token record, or null once the 404 page is sent. */
  async function tokenOf(req: Request, res: Response) {
    const token = await deps.tokens.find('unsubscribe', req.params['token'] as string);
    if (token === null) sendRefusalPage(res, 'not_found', linkNotFound(pageLang(req), deps.mount));
    return token;
  }

  router.get('/unsubscribe/:token', async (req, res) => {
    const lang = pageLang(req);
    const t = candidateTexts(lang);
    if ((await tokenOf(req, res)) === null) return;
    sendCandidatePage(res, 200, 'message', {
      lang,
      base: deps.mount,
      title: t.unsubscribeTitle,
      text: t.unsubscribeText,
      form: { action: `${deps.mount}/unsubscribe/${req.params.token}`, label: t.unsubscribeButton },
    });
  });

  router.post('/unsubscribe/:token', form, async (req, res) => {
    const lang = pageLang(req);
    const t = candidateTexts(lang);
    const token = await tokenOf(req, res);
    if (token === null) return;
    await deps.accounts.update(token.email, { reminders: false });
    sendCandidatePage(res, 200, 'message', {
      lang,
      base: deps.mount,
      title: t.unsubscribedTitle,
      text: t.unsubscribedText,
    });
  });

  return router;
}

/** The page of a link that does not work (unknown, used, expired, malformed), with the way to sign in. */
export function linkNotFound(lang: 'en' | 'fr', mount: string) {
  const t = candidateTexts(lang);
  return {
    lang,
    base: mount,
    title: t.linkNotFoundTitle,
    text: t.linkNotFoundText,
    link: { url: `${mount}/sign-in?lang=${lang}`, label: t.signInLink },
  };
}
