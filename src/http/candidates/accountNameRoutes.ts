import { type Request, type Response, Router } from 'express';
import type { AwardRecord, Lang } from '../../app/awards/awardRecord.js';
import type { NameChanges } from '../../app/profiles/nameChanges.js';
import type { ProfileRecord } from '../../app/profiles/profileRecord.js';
import type { Profiles } from '../../app/profiles/profiles.js';
import type { ReissueAward } from '../../app/profiles/reissueAward.js';
import { type ErrorCode, isAccoladeError } from '../../errors.js';
import { fill } from '../pages/candidateMessages.js';
import { formatDate } from '../pages/i18n.js';
import {
  type CandidatePageTexts,
  candidateLang,
  candidateTexts,
  sendFormReloadsToAccount,
  sendRefusalPage,
} from './candidatePage.js';
import { type CandidateRouteDeps, candidateForm, sendForbidden } from './claimRoutes.js';
import { isSameSitePost } from './formSecurity.js';
import { owns, type SignedInCandidate, signedInCandidate } from './signedInCandidate.js';

export interface AccountNameDeps extends CandidateRouteDeps {
  readonly profiles: Pick<Profiles, 'byId' | 'forEmail'>;
  readonly nameChanges: Pick<NameChanges, 'request' | 'latestOf'>;
  readonly reissueAward: ReissueAward;
}

/** Badges still under a name staff have since replaced: the ones the candidate may have re-issued. */
export function reissuable(profile: ProfileRecord, awards: readonly AwardRecord[]): AwardRecord[] {
  if (profile.nameApprovedAt === undefined) return [];
  return awards.filter((award) => award.status !== 'revoked' && award.recipientName !== profile.name);
}

/**
 * The account's "name on your badges" section: the state of the latest request (waiting,
 * approved, not approved, with staff's reason), the form to ask for another when none waits,
 * and, after an approval, the offer to re-issue the badges that still carry the former name.
 */
export async function nameSection(
  deps: { readonly nameChanges: Pick<NameChanges, 'latestOf'>; readonly urls: { readonly mount: string } },
  profile: ProfileRecord,
  awards: readonly AwardRecord[],
  lang: Lang,
) {
  const t = candidateTexts(lang);
  const latest = await deps.nameChanges.latestOf(profile._id);
  const mount = deps.urls.mount;
  const state =
    latest === null
      ? undefined
      : {
          status: latest.status,
          text: fill(
            { pending: t.nameChangePending, approved: t.nameChangeApproved, rejected: t.nameChangeRejected }[
              latest.status
            ],
            {
              name: latest.requestedName,
              date: formatDate(latest.decidedAt ?? latest.requestedAt, lang),
            },
          ),
          reason: latest.status === 'rejected' ? latest.decisionReason : undefined,
        };
  const stale = reissuable(profile, awards);
  return {
    state,
    form: latest?.status === 'pending' ? undefined : `${mount}/account/profiles/${profile._id}/name-change`,
    reissue:
      stale.length === 0
        ? undefined
        : {
            all: `${mount}/account/reissue`,
            text: fill(t.reissueOffer, { name: profile.name, count: String(stale.length) }),
            label: fill(t.reissueAll, { name: profile.name }),
          },
  };
}

/**
 * The candidate's side of name changes: asking for the name on their government ID (staff then
 * decide, `GET /api/v1/name-changes?status=pending`), and once approved, having their earlier
 * badges re-issued under it (the same use case as staff's `POST /api/v1/awards/:id/reissue`).
 * A request naming another profile, like one for a profile that does not exist, is refused
 * with the 404 page and records nothing; each re-issue is checked against the candidate's own
 * addresses.
 */
export function accountNameRoutes(deps: AccountNameDeps): Router {
  const router = Router();
  const mount = deps.urls.mount;

  function message(req: Request, res: Response, code: ErrorCode, title: keyof CandidatePageTexts, text: string) {
    const lang = candidateLang(req, undefined);
    const t = candidateTexts(lang);
    sendRefusalPage(res, code, {
      lang,
      base: mount,
      title: t[title],
      text,
      link: { url: `${mount}/account`, label: t.accountTitle },
    });
  }

  /** The signed-in candidate of a same-site post, or null once the answer is sent. */
  async function poster(req: Request, res: Response): Promise<SignedInCandidate | null> {
    if (!isSameSitePost(req, deps.cookies)) {
      sendForbidden(req, res, mount);
      return null;
    }
    const candidate = await signedInCandidate(req, deps);
    if (candidate === null) res.redirect(303, `${mount}/sign-in`);
    return candidate;
  }

  sendFormReloadsToAccount(router, mount, ['/account/profiles/:id/name-change', '/account/reissue']);

  router.post('/account/profiles/:id/name-change', candidateForm, async (req, res) => {
    const candidate = await poster(req, res);
    if (candidate === null) return;
    const t = candidateTexts(candidateLang(req, undefined));
    const asked = await deps.profiles.byId(String(req.params['id']));
    if (asked === null || candidate.profile === null || asked._id !== candidate.profile._id) {
      return message(req, res, 'not_found', 'notFoundTitle', t.notFoundText);
    }
    const body = req.body as Record<string, unknown>;
    const name = typeof body['name'] === 'string' ? body['name'] : '';
    const note = typeof body['note'] === 'string' ? body['note'] : undefined;
    try {
      await deps.nameChanges.request(asked._id, name, { kind: 'candidate' }, note);
    } catch (error) {
      if (!isAccoladeError(error)) throw error;
      if (error.code === 'validation_failed')
        return message(req, res, 'validation_failed', 'nameChangeRefusedTitle', t.nameInvalid);
      if (error.code === 'conflict')
        return message(req, res, 'conflict', 'nameChangeRefusedTitle', t.nameChangeWaiting);
      throw error;
    }
    res.redirect(303, `${mount}/account?asked=1`);
  });

  router.post('/account/reissue', candidateForm, async (req, res) => {
    const candidate = await poster(req, res);
    if (candidate === null) return;
    if (candidate.profile === null) return res.redirect(303, `${mount}/account`);
    const awards = await deps.choices.of(candidate.emails);
    for (const award of reissuable(candidate.profile, awards)) {
      if (!owns(candidate, award)) continue;
      try {
        await deps.reissueAward(award._id);
      } catch (error) {
        // Re-issued meanwhile (the button pressed twice): nothing left to do for this one.
        if (!isAccoladeError(error) || error.code !== 'conflict') throw error;
      }
    }
    res.redirect(303, `${mount}/account?reissued=1`);
  });

  return router;
}
