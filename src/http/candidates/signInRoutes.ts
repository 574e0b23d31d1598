import { randomUUID } from 'node:crypto';
import { type Request, type Response, Router } from 'express';
import type { MailQueue } from '../../app/mail/mailQueue.js';
import { isEmailAddress, normalizeEmail } from '../../domain/email.js';
import type { Clock } from '../../ports/clock.js';
import { pageLang } from '../pages/i18n.js';
import { candidateTexts, sendCandidatePage, sendRefusalPage } from './candidatePage.js';
import { type CandidateRouteDeps, candidateForm, sendForbidden, signIn } from './claimRoutes.js';
import { CSRF_COOKIE, csrfTokenFor, isSameSitePost, readCookie, SESSION_COOKIE } from './formSecurity.js';
import { linkNotFound } from './unsubscribeRoutes.js';
import { createWindowLimiter } from './windowLimiter.js';

const WINDOW_MS = 15 * 60_000;
/** Sign-in links one address may ask for in 15 minutes. */
export const SIGN_IN_PER_ADDRESS = 3;
/** Sign-in links one client IP may ask for in 15 minutes. */
export const SIGN_IN_PER_IP = 20;

export interface SignInDeps extends CandidateRouteDeps {
  readonly clock: Clock;
  readonly mail: Pick<MailQueue, 'enqueue'>;
  /** Whether any badge was issued to this (normalised) address: only then is a link sent. */
  readonly hasBadges: (email: string) => Promise<boolean>;
}

/**
 * Sign-in without a claim link: the candidate gives their address and gets a one-time link by
 * mail (30 minutes). The answer is the same whether or not the address has badges, so the form
 * tells no one who is a candidate; a link is sent only to addresses with badges. Asking is
 * limited per address and per client IP. Opening the link shows a button that posts it: mail
 * scanners that fetch links do not use it up.
 */
export function signInRoutes(deps: SignInDeps): Router {
  const router = Router();
  const mount = deps.urls.mount;
  const perAddress = createWindowLimiter({ limit: SIGN_IN_PER_ADDRESS, windowMs: WINDOW_MS, clock: deps.clock });
  const perIp = createWindowLimiter({ limit: SIGN_IN_PER_IP, windowMs: WINDOW_MS, clock: deps.clock });

  function form(req: Request, res: Response, status: number, extra: { email?: string; problem?: string } = {}) {
    const lang = pageLang(req);
    sendCandidatePage(res, status, 'signIn', {
      lang,
      base: mount,
      title: candidateTexts(lang).signInTitle,
      action: `${mount}/sign-in?lang=${lang}`,
      csrf: csrfTokenFor(req, res, deps.cookies),
      ...extra,
    });
  }

  router.get('/sign-in', (req, res) => form(req, res, 200));

  router.post('/sign-in', candidateForm, async (req, res) => {
    if (!isSameSitePost(req, deps.cookies)) return sendForbidden(req, res, mount);
    const lang = pageLang(req);
    const t = candidateTexts(lang);
    const given = (req.body as Record<string, unknown>)['email'];
    if (typeof given !== 'string' || !isEmailAddress(given)) {
      return form(req, res, 400, {
        email: typeof given === 'string' ? given.slice(0, 254) : '',
        problem: t.signInInvalid,
      });
    }
    const email = normalizeEmail(given);
    if (!perIp.take(req.ip ?? 'unknown') || !perAddress.take(email)) {
      return sendRefusalPage(res, 'rate_limited', {
        lang,
        base: mount,
        title: t.rateLimitedTitle,
        text: t.rateLimitedText,
      });
    }
    if (await deps.hasBadges(email)) {
      await deps.mail.enqueue({ key: `signIn.${randomUUID()}`, template: 'signIn', lang, to: email });
    }
    sendCandidatePage(res, 200, 'message', { lang, base: mount, title: t.signInSentTitle, text: t.signInSentText });
  });

  router.get('/sign-in/:token', async (req, res) => {
    const lang = pageLang(req);
    const t = candidateTexts(lang);
    if ((await deps.tokens.find('signIn', req.params.token)) === null) {
      return sendRefusalPage(res, 'not_found', linkNotFound(lang, mount));
    }
    sendCandidatePage(res, 200, 'message', {
      lang,
      base: mount,
      title: t.signInConfirmTitle,
      text: t.signInConfirmText,
      form: {
        action: `${mount}/sign-in/${req.params.token}`,
        label: t.signInConfirmButton,
        csrf: csrfTokenFor(req, res, deps.cookies),
      },
    });
  });

  router.post('/sign-in/:token', candidateForm, async (req, res) => {
    if (!isSameSitePost(req, deps.cookies)) return sendForbidden(req, res, mount);
    const used = await deps.tokens.consume('signIn', req.params['token'] as string);
    if (used === null) return sendRefusalPage(res, 'not_found', linkNotFound(pageLang(req), mount));
    await signIn(res, deps, used.email);
    res.redirect(303, `${mount}/account`);
  });

  router.post('/sign-out', candidateForm, async (req, res) => {
    if (!isSameSitePost(req, deps.cookies)) return sendForbidden(req, res, mount);
    await deps.sessions.close(readCookie(req, SESSION_COOKIE));
    res.clearCookie(SESSION_COOKIE, { path: deps.cookies.path });
    res.clearCookie(CSRF_COOKIE, { path: deps.cookies.path });
    res.redirect(303, `${mount}/sign-in`);
  });

  return router;
}
