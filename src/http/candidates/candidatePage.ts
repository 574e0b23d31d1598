import type { Request, Response, Router } from 'express';
import type { Lang } from '../../app/awards/awardRecord.js';
import type { ErrorCode } from '../../errors.js';
import { ERROR_STATUS } from '../errorStatus.js';
import { MEDIA } from '../negotiate.js';
import { type AccountRecordMessages, accountRecordMessagesFor } from '../pages/accountRecordMessages.js';
import { type CandidateMessages, candidateMessagesFor } from '../pages/candidateMessages.js';
import { messagesFor, type PageMessages, pageLang } from '../pages/i18n.js';
import { renderPage } from '../pages/renderPage.js';

export type CandidatePageTexts = PageMessages & CandidateMessages & AccountRecordMessages;

export function candidateTexts(lang: Lang): CandidatePageTexts {
  return { ...messagesFor(lang), ...candidateMessagesFor(lang), ...accountRecordMessagesFor(lang) };
}

/**
 * Sends one of the candidate's pages. They are never cached (they carry forms with a CSRF token
 * and a signed-in person's badges) and never framed (the app-wide CSP says so).
 *
 * The header's language link (`?lang=`) is offered only where it works: not on the answer to a
 * form post (its address answers posts only), nor where the account's language decides
 * (`langFromAccount`; the account's settings change it).
 */
export function sendCandidatePage(
  res: Response,
  status: number,
  template: string,
  data: { lang: Lang; base: string; title: string; langFromAccount?: boolean } & Record<string, unknown>,
): void {
  const langSwitch = res.req.method === 'GET' && data.langFromAccount !== true;
  res
    .status(status)
    .setHeader('Cache-Control', 'no-store')
    .type(MEDIA.html)
    .send(renderPage(template, { t: candidateTexts(data.lang), ...data, langSwitch }));
}

/**
 * A page that refuses what was asked (a used link, a form from elsewhere, too many tries). Its
 * status is the code's, as in the API, and the page shows the code: what a candidate quotes to
 * the programme's support, and what support finds in the API's error table.
 */
export function sendRefusalPage(
  res: Response,
  code: ErrorCode,
  data: { lang: Lang; base: string; title: string } & Record<string, unknown>,
): void {
  sendCandidatePage(res, ERROR_STATUS[code], 'message', { ...data, code });
}

/**
 * The addresses an account form posts to, opened by GET (a reload, or Back after the post): the
 * account page (which sends the signed-out to sign-in), never a bare 404. Nothing changes.
 * Each router names its own forms' addresses.
 */
export function sendFormReloadsToAccount(router: Router, mount: string, paths: readonly string[]): void {
  router.get([...paths], (_req, res) => res.redirect(303, `${mount}/account`));
}

/** The page language: the signed-in account's choice, else `?lang=`, else Accept-Language, else the fallback. */
export function candidateLang(req: Request, accountLang: Lang | undefined, fallback: Lang = 'en'): Lang {
  return accountLang ?? pageLang(req, fallback);
}
