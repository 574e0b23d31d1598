import { Router } from 'express';
import type { Profiles } from '../../app/profiles/profiles.js';
import { AccoladeError } from '../../errors.js';
import { type CertificateRouteDeps, sendCertificate } from '../routes/certificateRoutes.js';
import { queryValue } from '../routes/profileRoutes.js';
import {
  sendTranscript,
  TRANSCRIPT_FORMATS,
  type TranscriptFormat,
  type TranscriptResponseDeps,
} from '../routes/transcriptResponse.js';
import { candidateLang } from './candidatePage.js';
import type { CandidateRouteDeps } from './claimRoutes.js';
import { owns, signedInCandidate } from './signedInCandidate.js';

export type AccountRecordDeps = CandidateRouteDeps &
  Omit<TranscriptResponseDeps, 'urls' | 'issuer'> &
  Omit<CertificateRouteDeps, 'findAward' | 'profiles'> & {
    readonly profiles: Pick<Profiles, 'byId' | 'forEmail' | 'awardsOf'>;
  };

/** The account's address of a download of the signed-in candidate's own transcript. */
export function accountTranscriptPath(mount: string, profileId: string, format: TranscriptFormat): string {
  return `${mount}/account/profiles/${profileId}/transcript?format=${format}`;
}

export function accountCertificatePath(mount: string, awardId: string): string {
  return `${mount}/account/badges/${awardId}/certificate.pdf`;
}

/**
 * The candidate's own records, from their account: the transcript of their profile in every
 * format, and the certificate of each of their badges whatever its status (pending, declined,
 * private included: it is theirs to print), a revoked one excepted. The signed-in address must
 * belong to the profile, and the badge to one of its addresses: anything else, whether it
 * exists or not, is the same 404 `not_found`, so nothing tells another person's record exists.
 */
export function accountRecordRoutes(deps: AccountRecordDeps): Router {
  const router = Router();
  const mount = deps.urls.mount;

  router.get('/account/profiles/:id/transcript', async (req, res) => {
    const candidate = await signedInCandidate(req, deps);
    if (candidate === null) return res.redirect(303, `${mount}/sign-in`);
    const format = queryValue(req.query['format'], 'format', TRANSCRIPT_FORMATS, 'pdf');
    const asked = await deps.profiles.byId(String(req.params['id']));
    if (asked === null || candidate.profile === null || asked._id !== candidate.profile._id) {
      throw new AccoladeError('not_found', 'No profile of the signed-in candidate at this address');
    }
    const account = await deps.accounts.byEmail(candidate.email);
    const lang = candidateLang(req, account?.lang);
    const awards = await deps.profiles.awardsOf(asked);
    await sendTranscript(res, deps, { profile: asked, awards, format, lang, download: true });
  });

  router.get('/account/badges/:id/certificate.pdf', async (req, res) => {
    const candidate = await signedInCandidate(req, deps);
    if (candidate === null) return res.redirect(303, `${mount}/sign-in`);
    const award = await deps.findAward(String(req.params['id']));
    if (award === null || !owns(candidate, award) || award.status === 'revoked') {
      throw new AccoladeError('not_found', 'No certificate of the signed-in candidate at this address');
    }
    const account = await deps.accounts.byEmail(candidate.email);
    await sendCertificate(res, deps, award, candidateLang(req, account?.lang, award.recipientLocale));
  });

  return router;
}
