import { type Response, Router } from 'express';
import type { AwardRecord, Lang } from '../../app/awards/awardRecord.js';
import type { Profiles } from '../../app/profiles/profiles.js';
import type { UrlLayout } from '../../badges/urls.js';
import { AccoladeError } from '../../errors.js';
import type { RecordPdfs } from '../../ports/recordPdfs.js';

export interface CertificateRouteDeps {
  readonly findAward: (id: string) => Promise<AwardRecord | null>;
  readonly profiles: Pick<Profiles, 'forEmail'>;
  readonly pdfs: RecordPdfs;
  readonly urls: UrlLayout;
  readonly issuer: { readonly name: string };
}

/**
 * Whether anyone may download a badge's certificate: its recipient accepted it and left it
 * public. A pending, declined, private or revoked badge shows no name publicly (issue 11), so
 * its certificate, which prints the name, is the recipient's alone (from their account).
 */
export function certificateIsPublic(award: AwardRecord): boolean {
  return award.status === 'accepted' && award.visibility !== 'private';
}

/** The verify page, checking this badge by its page's URL: what a certificate's QR code opens. */
export function certificateVerifyUrl(urls: UrlLayout, awardId: string): string {
  return `${urls.verifyPage}?url=${encodeURIComponent(urls.page(awardId))}`;
}

/** The language a certificate is asked in (`?lang=`), else the award's own. */
export function certificateLang(query: unknown, award: AwardRecord): Lang {
  return query === 'fr' || query === 'en' ? query : award.recipientLocale;
}

/** Draws a badge's certificate and answers it; the same for the public link and the account. */
export async function sendCertificate(
  res: Response,
  deps: Omit<CertificateRouteDeps, 'findAward'>,
  award: AwardRecord,
  lang: Lang,
): Promise<void> {
  const profile = await deps.profiles.forEmail(award.recipientEmail);
  const pdf = await deps.pdfs.certificate({
    lang,
    issuerName: deps.issuer.name,
    recipientName: award.recipientName,
    profileId: profile?._id ?? '',
    awardId: award._id,
    achievementName: award.achievement.title[lang],
    kind: award.achievement.kind,
    earnedOn: award.earnedOn,
    ...(award.expires === undefined ? {} : { expires: award.expires }),
    verifyUrl: certificateVerifyUrl(deps.urls, award._id),
    issuedOn: award.issuedOn,
  });
  res
    .type('application/pdf')
    .set('Cache-Control', 'no-cache')
    .set('Content-Disposition', `inline; filename="certificate-${award._id}.pdf"`)
    .send(pdf);
}

/** `/badges/<id>/certificate.pdf`: the printable certificate of an accepted, public badge, for anyone. */
export function certificateRoutes(deps: CertificateRouteDeps): Router {
  const router = Router();
  router.get('/badges/:id/certificate.pdf', async (req, res) => {
    const id = String(req.params['id']);
    const award = await deps.findAward(id);
    if (award === null || !certificateIsPublic(award)) {
      throw new AccoladeError('not_found', `No certificate for badge ${id}`);
    }
    await sendCertificate(res, deps, award, certificateLang(req.query['lang'], award));
  });
  return router;
}
