import { Router } from 'express';
import type { AwardRecord, AwardStatus } from '../../app/awards/awardRecord.js';
import { linkedInLinkOf } from '../../app/awards/awardView.js';
import type { UrlLayout } from '../../badges/urls.js';
import { DIRECT } from '../../domain/eligibility/types.js';
import type { Clock } from '../../ports/clock.js';
import { MEDIA, wantsHtml } from '../negotiate.js';
import { formatDate, messagesFor, type PageMessages, pageLang } from '../pages/i18n.js';
import { renderPage } from '../pages/renderPage.js';

export interface BadgePageDeps {
  readonly urls: UrlLayout;
  readonly clock: Clock;
  readonly issuer: {
    readonly name: string;
    readonly url: string;
    readonly linkedInOrganizationId?: string | undefined;
  };
  readonly findAward: (id: string) => Promise<AwardRecord | null>;
}

/** The page text for each status a viewer may be shown. */
const STATUS_LABELS = {
  revoked: 'statusRevoked',
  expired: 'statusExpired',
  pending: 'statusPending',
  accepted: 'statusValid',
  declined: 'statusValid',
} as const satisfies Record<AwardStatus | 'expired', keyof PageMessages>;

/**
 * The badge's page for people, in French or English. It shows the recipient's name, never the
 * email. A client asking for JSON is sent (303) to the hosted assertion.
 */
export function badgePageRoutes(deps: BadgePageDeps): Router {
  const { urls } = deps;
  const router = Router();
  const mount = urls.mount;

  router.get('/badges/:id', async (req, res) => {
    const id = req.params.id;
    if (!wantsHtml(req)) {
      res.redirect(303, urls.assertion(id));
      return;
    }
    const award = await deps.findAward(id);
    const lang = pageLang(req, award?.recipientLocale ?? 'en');
    const t = messagesFor(lang);
    if (award === null) {
      res
        .status(404)
        .type(MEDIA.html)
        .send(renderPage('notFound', { lang, t, base: mount, title: t.notFoundTitle }));
      return;
    }
    const name = award.achievement.title[lang];
    const page = urls.page(award._id);
    const expired = award.expires !== undefined && new Date(award.expires) <= deps.clock.now();
    // What a viewer must be told first (OB 2.0 displayer conformance, docs/open-badges.md A7): revoked,
    // else expired, else whether the recipient has claimed it yet.
    const shownStatus = award.status === 'revoked' ? 'revoked' : expired ? 'expired' : award.status;
    const statusLabel = t[STATUS_LABELS[shownStatus]];
    const share = encodeURIComponent(page);
    res.type(MEDIA.html).send(
      renderPage('badge', {
        lang,
        t,
        base: mount,
        title: name,
        head: [
          { property: 'og:title', content: name },
          { property: 'og:image', content: urls.png(award._id) },
          { property: 'og:url', content: page },
        ],
        award: {
          name,
          description: award.achievement.description[lang],
          criteria: award.achievement.criteria[lang],
          kindLabel: award.achievement.kind === 'certification' ? t.kindCertification : t.kindExam,
          recipientName: award.recipientName,
          issuerName: deps.issuer.name,
          issuerUrl: deps.issuer.url,
          earnedOn: formatDate(award.earnedOn, lang),
          issuedOn: formatDate(award.issuedOn, lang),
          expires: award.expires === undefined ? undefined : formatDate(award.expires, lang),
          expired,
          // A certification awarded directly names no exam.
          earnedBy: award.earnedBy === DIRECT ? undefined : award.earnedBy,
          status: shownStatus,
          statusLabel,
          revocationReason: award.status === 'revoked' ? award.revocationReason : undefined,
        },
        links: {
          png: urls.png(award._id),
          svg: urls.svg(award._id),
          png3: `${urls.png(award._id)}?format=ob3`,
          svg3: `${urls.svg(award._id)}?format=ob3`,
          assertion: urls.assertion(award._id),
          signedAssertion: urls.signedAssertion(award._id),
          credential: urls.credential(award._id),
          credentialJwt: urls.credentialJwt(award._id),
          verify: `${urls.verifyPage}?lang=${lang}&url=${share}`,
          linkedin: linkedInLinkOf(award, urls, deps.issuer, lang),
          x: `https://x.com/intent/post?url=${share}&text=${encodeURIComponent(name)}`,
          facebook: `https://www.facebook.com/sharer/sharer.php?u=${share}`,
        },
        embed: `<a href="${page}"><img src="${urls.png(award._id)}" alt="${name.replace(/"/g, '&quot;')}" width="150" height="150"></a>`,
      }),
    );
  });

  return router;
}
