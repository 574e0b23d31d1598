import { Router } from 'express';
import type { AwardRecord, Lang } from '../../app/awards/awardRecord.js';
import type { Profiles } from '../../app/profiles/profiles.js';
import type { UrlLayout } from '../../badges/urls.js';
import { AccoladeError } from '../../errors.js';
import type { RecordPdfs } from '../../ports/recordPdfs.js';

export interface CertificateRouteDeps {
  readonly findAward: (id: string) => Promise<AwardRecord | null>;
  readonly profiles: Profiles;
  readonly pdfs: RecordPdfs;
  readonly urls: UrlLayout;
  readonly issuer: { readonly name: string };
}

/**
 * Whether anyone may download a badge's certificate: its recipient accepted it (a pending,
 * declined or revoked badge shows no name publicly, issue 11). A badge made private by its
 * recipient must be left out here too once privacy is recorded on the award.
 */
export function certificateIsPublic(award: AwardRecord): boolean {
  return award.status === 'accepted';
}

/** The verify page, checking this badge by its page's URL: what a certificate's QR code opens. */
export function certificateVerifyUrl(urls: UrlLayout, awardId: string): string {
  return `${urls.verifyPage}?url=${encodeURIComponent(urls.page(awardId))}`;
}

/** `/badges/<id>/certificate.pdf`: the printable certificate of an accepted badge, for anyone. */
export function certificateRoutes(deps: CertificateRouteDeps): Router {
  const router = Router();
  router.get('/badges/:id/certificate.pdf', async (req, res) => {
    const id = String(req.params['id']);
    const award = await deps.findAward(id);
    if (award === null || !certificateIsPublic(award)) {
      throw new AccoladeError('not_found', `No certificate for badge ${id}`);
    }
    const profile = await deps.profiles.forEmail(award.recipientEmail);
    const lang: Lang =
      req.query['lang'] === 'fr' || req.query['lang'] === 'en' ? req.query['lang'] : award.recipientLocale;
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
  });
  return router;
}
