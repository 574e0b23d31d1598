import { type Request, type Response, Router } from 'express';
import type { AwardRecord, Lang } from '../../app/awards/awardRecord.js';
import type { AccountRecord } from '../../app/candidates/accounts.js';
import type { CandidateEmails } from '../../app/candidates/badgeChoices.js';
import type { NameChanges } from '../../app/profiles/nameChanges.js';
import type { ProfileRecord } from '../../app/profiles/profileRecord.js';
import type { Profiles } from '../../app/profiles/profiles.js';
import { type ErrorCode, isAccoladeError } from '../../errors.js';
import { fill } from '../pages/candidateMessages.js';
import { formatDate, typeset } from '../pages/i18n.js';
import type { TranscriptFormat } from '../routes/transcriptResponse.js';
import { emailSection } from './accountEmailRoutes.js';
import { nameSection } from './accountNameRoutes.js';
import { accountCertificatePath, accountTranscriptPath } from './accountRecordRoutes.js';
import {
  type CandidatePageTexts,
  candidateLang,
  candidateTexts,
  sendCandidatePage,
  sendFormReloadsToAccount,
  sendRefusalPage,
} from './candidatePage.js';
import { type CandidateRouteDeps, candidateForm, sendForbidden } from './claimRoutes.js';
import { csrfTokenFor, isSameSitePost, readCookie, SESSION_COOKIE } from './formSecurity.js';
import { type SignedInCandidate, signedInCandidate } from './signedInCandidate.js';

const BADGE_ACTIONS = ['accept', 'decline', 'hide', 'unhide', 'public', 'private'] as const;
type BadgeAction = (typeof BADGE_ACTIONS)[number];

const STATUS_TEXT = {
  pending: 'choicePending',
  accepted: 'choiceAccepted',
  declined: 'choiceDeclined',
  revoked: 'choiceRevoked',
} as const satisfies Record<AwardRecord['status'], keyof CandidatePageTexts>;

/** What a candidate may do with a badge in each state. */
function actionsOf(award: AwardRecord): BadgeAction[] {
  switch (award.status) {
    case 'pending':
      return ['accept', 'decline', 'hide'];
    case 'declined':
      return ['accept', 'hide'];
    case 'accepted':
      return [award.visibility === 'private' ? 'public' : 'private', 'decline', 'hide'];
    case 'revoked':
      return ['hide'];
  }
}

/** What `?email=` says after an email form (accountEmailRoutes.ts). */
const EMAIL_NOTICES = {
  sent: 'emailSent',
  known: 'emailKnown',
  primary: 'emailPrimary',
  added: 'emailAdded',
  merged: 'emailMerged',
} as const satisfies Record<string, keyof CandidatePageTexts>;

const ACTION_LABEL = {
  accept: 'accept',
  decline: 'decline',
  hide: 'hide',
  unhide: 'unhide',
  public: 'makePublic',
  private: 'makePrivate',
} as const satisfies Record<BadgeAction, keyof CandidatePageTexts>;

/**
 * The signed-in candidate's account: every badge issued to any address of their profile with
 * what they can do with it, their profile id and records, addresses and name, and their
 * settings. Every form is a POST with the CSRF token from our own origin; each badge action
 * names the badge by id and is checked against the profile's addresses, so another person's
 * badge id changes nothing (404). Without a session, pages send to sign-in.
 */
export function accountRoutes(
  deps: CandidateRouteDeps & {
    readonly profiles: Pick<Profiles, 'byId' | 'forEmail' | 'awardsOf'>;
    readonly nameChanges: Pick<NameChanges, 'latestOf'>;
  },
): Router {
  const router = Router();
  const mount = deps.urls.mount;

  function view(award: AwardRecord, lang: Lang, t: CandidatePageTexts) {
    const name = typeset(award.achievement.title[lang], lang);
    return {
      id: award._id,
      name,
      status: award.status,
      statusLabel: t[STATUS_TEXT[award.status]],
      visibilityLabel: award.visibility === 'private' ? t.visibilityPrivate : t.visibilityPublic,
      image: deps.urls.png(award._id),
      page: `${deps.urls.page(award._id)}?lang=${lang}`,
      unhide: `${mount}/account/badges/${award._id}/unhide`,
      certificate: award.status === 'revoked' ? undefined : accountCertificatePath(mount, award._id),
      actions: actionsOf(award).map((action) => ({
        url: `${mount}/account/badges/${award._id}/${action}`,
        label: t[ACTION_LABEL[action]],
        primary: action === 'accept',
      })),
    };
  }

  async function page(req: Request, res: Response, candidate: SignedInCandidate, account: AccountRecord) {
    const lang = candidateLang(req, account.lang);
    const t = candidateTexts(lang);
    const { profile } = candidate;
    const awards = await deps.choices.of(candidate.emails);
    sendCandidatePage(res, 200, 'account', {
      lang,
      langFromAccount: account.lang !== undefined,
      base: mount,
      title: t.accountTitle,
      csrf: csrfTokenFor(req, res, deps.cookies),
      account,
      saved: req.query['saved'] === '1',
      notice: noticeOf(req, t),
      profileUrl: profile === null || !account.profilePublic ? undefined : `${mount}/profiles/${profile._id}`,
      profile: profile === null ? undefined : profileSection(profile, awards, t),
      names: profile === null ? undefined : await nameSection(deps, profile, awards, lang),
      emails: profile === null ? undefined : emailSection(mount, profile),
      badges: awards.filter((award) => award.hidden !== true).map((award) => view(award, lang, t)),
      hidden: awards.filter((award) => award.hidden === true).map((award) => view(award, lang, t)),
    });
  }

  /** The one-line outcome of the form just sent (`?asked=1`, `?reissued=1`, `?email=…`). */
  function noticeOf(req: Request, t: CandidatePageTexts): string | undefined {
    if (req.query['asked'] === '1') return t.nameChangeAsked;
    if (req.query['reissued'] === '1') return t.reissued;
    const email = req.query['email'];
    return typeof email === 'string' && Object.hasOwn(EMAIL_NOTICES, email)
      ? t[EMAIL_NOTICES[email as keyof typeof EMAIL_NOTICES]]
      : undefined;
  }

  function profileSection(profile: ProfileRecord, awards: readonly AwardRecord[], t: CandidatePageTexts) {
    const download = (format: TranscriptFormat, label: string) => ({
      url: accountTranscriptPath(mount, profile._id, format),
      label,
    });
    return {
      id: profile._id,
      name: profile.name,
      downloads: [
        download('pdf', t.transcriptPdf),
        download('csv', t.transcriptCsv),
        download('json', t.transcriptJson),
        // A learner record holds accepted badges only: offered once there is one.
        ...(awards.some((award) => award.status === 'accepted') ? [download('clr', t.transcriptClr)] : []),
      ],
    };
  }

  router.get('/account', async (req, res) => {
    const candidate = await signedInCandidate(req, deps);
    if (candidate === null) return res.redirect(303, `${mount}/sign-in`);
    await page(req, res, candidate, await deps.accounts.ensure(candidate.email));
  });

  sendFormReloadsToAccount(router, mount, [
    // Each action spelled out: `/account/badges/<id>/certificate.pdf` is a download, not a form.
    ...BADGE_ACTIONS.map((action) => `/account/badges/:id/${action}`),
    '/account/settings',
  ]);

  router.post('/account/badges/:id/:action', candidateForm, async (req, res) => {
    if (!isSameSitePost(req, deps.cookies)) return sendForbidden(req, res, mount);
    const candidate = await signedInCandidate(req, deps);
    if (candidate === null) return res.redirect(303, `${mount}/sign-in`);
    const action = req.params['action'] as BadgeAction;
    const id = req.params['id'] as string;
    if (!(BADGE_ACTIONS as readonly string[]).includes(action)) return notFound(req, res);
    try {
      await apply(id, candidate.emails, action);
    } catch (error) {
      if (isAccoladeError(error) && (error.code === 'not_found' || error.code === 'conflict')) {
        return notFound(req, res);
      }
      throw error;
    }
    res.redirect(303, `${mount}/account`);
  });

  async function apply(id: string, email: CandidateEmails, action: BadgeAction): Promise<void> {
    switch (action) {
      case 'accept':
      case 'decline':
        await deps.choices[action](id, email);
        // A choice made here also ends the claim links still in the mailbox.
        await deps.tokens.retireForAward('claim', id);
        return;
      case 'hide':
      case 'unhide':
        await deps.choices.hide(id, email, action === 'hide');
        return;
      case 'public':
      case 'private':
        await deps.choices.setVisibility(id, email, action);
        return;
    }
  }

  router.post('/account/settings', candidateForm, async (req, res) => {
    if (!isSameSitePost(req, deps.cookies)) return sendForbidden(req, res, mount);
    const email = await deps.sessions.email(readCookie(req, SESSION_COOKIE));
    if (email === null) return res.redirect(303, `${mount}/sign-in`);
    const body = req.body as Record<string, unknown>;
    const lang = body['lang'];
    if (lang !== 'en' && lang !== 'fr' && lang !== 'auto') return notFound(req, res, 'validation_failed');
    await deps.accounts.update(email, {
      autoAccept: body['autoAccept'] === 'on',
      reminders: body['reminders'] === 'on',
      profilePublic: body['profilePublic'] === 'on',
      lang: lang === 'auto' ? null : lang,
    });
    res.redirect(303, `${mount}/account?saved=1`);
  });

  function notFound(req: Request, res: Response, code: ErrorCode = 'not_found') {
    const lang = candidateLang(req, undefined);
    const t = candidateTexts(lang);
    sendRefusalPage(res, code, {
      lang,
      base: mount,
      title: t.notFoundTitle,
      text: t.notFoundText,
      link: { url: `${mount}/account`, label: t.accountTitle },
    });
  }

  /**
   * The public profile: the accepted, public, shown badges of a profile (every email of the
   * person), when the candidate made the profile public in their account. Never an email.
   */
  router.get('/profiles/:id', async (req, res) => {
    const profile = await deps.profiles.byId(req.params.id);
    const accounts =
      profile === null ? [] : await Promise.all(profile.emails.map((email) => deps.accounts.byEmail(email)));
    const isPublic = accounts.some((account) => account?.profilePublic === true);
    const awards = profile !== null && isPublic ? await deps.profiles.awardsOf(profile) : [];
    const shown = awards.filter(
      (award) => award.status === 'accepted' && award.visibility !== 'private' && award.hidden !== true,
    );
    const chosen = accounts.find((account) => account?.lang !== undefined)?.lang;
    const lang = candidateLang(req, undefined, chosen ?? shown[0]?.recipientLocale ?? 'en');
    const t = candidateTexts(lang);
    if (profile === null || !isPublic) {
      return sendRefusalPage(res, 'not_found', {
        lang,
        base: mount,
        title: t.profileNotFoundTitle,
        text: t.profileNotFoundText,
      });
    }
    const heading = fill(t.profileTitle, { name: profile.name });
    sendCandidatePage(res, 200, 'profile', {
      lang,
      base: mount,
      title: heading,
      heading,
      badges: shown.reverse().map((award) => ({
        name: typeset(award.achievement.title[lang], lang),
        page: `${deps.urls.page(award._id)}?lang=${lang}`,
        image: deps.urls.png(award._id),
        issuer: deps.issuerName,
        earnedOn: formatDate(award.earnedOn, lang),
      })),
    });
  });

  return router;
}
