import { randomUUID } from 'node:crypto';
import { type Request, type Response, Router } from 'express';
import type { Lang } from '../../app/awards/awardRecord.js';
import type { MailQueue } from '../../app/mail/mailQueue.js';
import type { AttachEmail } from '../../app/profiles/attachEmail.js';
import type { ProfileRecord } from '../../app/profiles/profileRecord.js';
import type { Profiles } from '../../app/profiles/profiles.js';
import { isEmailAddress, normalizeEmail } from '../../domain/email.js';
import type { ErrorCode } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import { fill } from '../pages/candidateMessages.js';
import { pageLang } from '../pages/i18n.js';
import {
  type CandidatePageTexts,
  candidateLang,
  candidateTexts,
  sendCandidatePage,
  sendFormReloadsToAccount,
  sendRefusalPage,
} from './candidatePage.js';
import { type CandidateRouteDeps, candidateForm, sendForbidden, signIn } from './claimRoutes.js';
import { csrfTokenFor, isSameSitePost, readCookie, SESSION_COOKIE } from './formSecurity.js';
import { type SignedInCandidate, signedInCandidate } from './signedInCandidate.js';
import { linkNotFound } from './unsubscribeRoutes.js';
import { createWindowLimiter } from './windowLimiter.js';

const WINDOW_MS = 15 * 60_000;
/** Proof links one profile may ask for in 15 minutes: each is a mail to an address we do not know yet. */
export const PROOF_LINKS_PER_PROFILE = 5;

export interface AccountEmailDeps extends CandidateRouteDeps {
  readonly clock: Clock;
  readonly mail: Pick<MailQueue, 'enqueue'>;
  readonly profiles: Pick<Profiles, 'byId' | 'forEmail'>;
  readonly attachEmail: AttachEmail;
}

/** The account's "email addresses" section: the profile's addresses, the primary first, and the forms. */
export function emailSection(mount: string, profile: ProfileRecord) {
  return {
    primary: profile.emails[0],
    others: profile.emails.slice(1).map((email) => ({ email })),
    add: `${mount}/account/emails`,
    makePrimary: `${mount}/account/emails/primary`,
  };
}

/**
 * The candidate's addresses, each proved by a link mailed to it (the same mail paths as sign-in
 * links: the outbox or SMTP): adding one, making a new one the primary, and merging the profile
 * of another address into theirs. Asking needs the signed-in profile (the proof of the first
 * address); following the link (a page whose button posts it, so mail scanners do not use it up)
 * is the proof of the second. Only then does anything change: the address is linked, or its
 * profile merged in (attachEmail.ts). A forged, used or expired link changes nothing (404).
 * Making an address of the profile the primary one needs no new proof.
 */
export function accountEmailRoutes(deps: AccountEmailDeps): Router {
  const router = Router();
  const mount = deps.urls.mount;
  const perProfile = createWindowLimiter({ limit: PROOF_LINKS_PER_PROFILE, windowMs: WINDOW_MS, clock: deps.clock });

  function message(req: Request, res: Response, code: ErrorCode, title: string, text: string) {
    const lang = candidateLang(req, undefined);
    sendRefusalPage(res, code, {
      lang,
      base: mount,
      title,
      text,
      link: { url: `${mount}/account`, label: candidateTexts(lang).accountTitle },
    });
  }

  /** The signed-in candidate of a same-site post, with a profile; null once the answer is sent. */
  async function poster(req: Request, res: Response): Promise<(SignedInCandidate & { profile: ProfileRecord }) | null> {
    if (!isSameSitePost(req, deps.cookies)) {
      sendForbidden(req, res, mount);
      return null;
    }
    const candidate = await signedInCandidate(req, deps);
    if (candidate?.profile == null) {
      res.redirect(303, `${mount}/sign-in`);
      return null;
    }
    return candidate as SignedInCandidate & { profile: ProfileRecord };
  }

  function addressOf(req: Request): string | undefined {
    const given = (req.body as Record<string, unknown>)['email'];
    return typeof given === 'string' && isEmailAddress(given) ? normalizeEmail(given) : undefined;
  }

  sendFormReloadsToAccount(router, mount, ['/account/emails', '/account/emails/primary']);

  router.post('/account/emails', candidateForm, async (req, res) => {
    const candidate = await poster(req, res);
    if (candidate === null) return;
    const lang = (await deps.accounts.byEmail(candidate.email))?.lang ?? pageLang(req);
    const t = candidateTexts(lang);
    const email = addressOf(req);
    if (email === undefined) return message(req, res, 'invalid_email', t.emailRefusedTitle, t.signInInvalid);
    const primary = (req.body as Record<string, unknown>)['primary'] === 'on';
    if (candidate.profile.emails.includes(email)) {
      if (!primary) return res.redirect(303, `${mount}/account?email=known`);
      await deps.attachEmail({ profileId: candidate.profile._id, email, primary, by: { kind: 'candidate' } });
      return res.redirect(303, `${mount}/account?email=primary`);
    }
    if (!perProfile.take(candidate.profile._id)) {
      return message(req, res, 'rate_limited', t.rateLimitedTitle, t.rateLimitedText);
    }
    await deps.mail.enqueue({
      key: `proveEmail.${randomUUID()}`,
      template: 'proveEmail',
      lang,
      to: email,
      data: { profileId: candidate.profile._id, primary, requestedBy: candidate.email },
    });
    res.redirect(303, `${mount}/account?email=sent`);
  });

  router.post('/account/emails/primary', candidateForm, async (req, res) => {
    const candidate = await poster(req, res);
    if (candidate === null) return;
    const t = candidateTexts(candidateLang(req, undefined));
    const email = addressOf(req);
    // Only an address already proved for this profile: another one needs its link.
    if (email === undefined || !candidate.profile.emails.includes(email)) {
      return message(req, res, 'not_found', t.emailRefusedTitle, t.emailNotYours);
    }
    await deps.attachEmail({ profileId: candidate.profile._id, email, primary: true, by: { kind: 'candidate' } });
    res.redirect(303, `${mount}/account?email=primary`);
  });

  function confirmText(t: CandidatePageTexts, profile: ProfileRecord, email: string): string {
    return fill(t.emailConfirmText, { email, profile: profile._id, name: profile.name });
  }

  router.get('/confirm-email/:token', async (req, res) => {
    const lang: Lang = pageLang(req);
    const t = candidateTexts(lang);
    const token = await deps.tokens.find('proveEmail', req.params.token);
    const profile = token?.profileId === undefined ? null : await deps.profiles.byId(token.profileId);
    if (token === null || profile === null) return sendRefusalPage(res, 'not_found', linkNotFound(lang, mount));
    sendCandidatePage(res, 200, 'message', {
      lang,
      base: mount,
      title: t.emailConfirmTitle,
      text: confirmText(t, profile, token.email),
      form: {
        action: `${mount}/confirm-email/${req.params.token}`,
        label: t.emailConfirmButton,
        csrf: csrfTokenFor(req, res, deps.cookies),
      },
    });
  });

  router.post('/confirm-email/:token', candidateForm, async (req, res) => {
    if (!isSameSitePost(req, deps.cookies)) return sendForbidden(req, res, mount);
    const used = await deps.tokens.consume('proveEmail', req.params['token'] as string);
    if (used?.profileId === undefined || (await deps.profiles.byId(used.profileId)) === null) {
      return sendRefusalPage(res, 'not_found', linkNotFound(pageLang(req), mount));
    }
    const { merge } = await deps.attachEmail({
      profileId: used.profileId,
      email: used.email,
      primary: used.primary === true,
      by: { kind: 'candidate', ...(used.requestedBy === undefined ? {} : { email: used.requestedBy }) },
    });
    // Whoever followed the link proved the address: without a session, it signs them in.
    if ((await deps.sessions.email(readCookie(req, SESSION_COOKIE))) === null) await signIn(res, deps, used.email);
    res.redirect(303, `${mount}/account?email=${merge === undefined ? 'added' : 'merged'}`);
  });

  return router;
}
