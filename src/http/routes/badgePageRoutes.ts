import { type ErrorRequestHandler, type Response, Router } from 'express';
import type { AwardRecord, Lang } from '../../app/awards/awardRecord.js';
import { linkedInLinkOf } from '../../app/awards/awardView.js';
import { type BadgePageModel, type BadgePageState, badgePageModel } from '../../app/pages/badgePageModel.js';
import { urlInput } from '../../app/verify/verifyInput.js';
import type { VerifyBadgeUseCase } from '../../app/verify/verifyUseCase.js';
import type { UrlLayout } from '../../badges/urls.js';
import type { VerificationStatus } from '../../badges/verify/index.js';
import { DIRECT } from '../../domain/eligibility/types.js';
import type { Clock } from '../../ports/clock.js';
import { MEDIA, wantsHtml } from '../negotiate.js';
import { formatDate, messagesFor, type PageMessages, pageLang, typeset } from '../pages/i18n.js';
import { renderPage } from '../pages/renderPage.js';
import { verdictText } from '../pages/verifyMessages.js';

export interface BadgePageDeps {
  readonly urls: UrlLayout;
  readonly clock: Clock;
  readonly issuer: {
    readonly name: string;
    readonly url: string;
    readonly imageUrl?: string | undefined;
    readonly linkedInOrganizationId?: string | undefined;
  };
  readonly findAward: (id: string) => Promise<AwardRecord | null>;
  /** Our own verifier: every view of a page shows what it says of the badge right now. */
  readonly verifyBadge?: VerifyBadgeUseCase;
}

/** The page text for each state a viewer may be shown. */
const STATE_LABELS = {
  revoked: 'statusRevoked',
  expired: 'statusExpired',
  valid: 'statusValid',
} as const satisfies Record<Exclude<BadgePageState, 'withheld'>, keyof PageMessages>;

/** A withheld badge's status says only what anyone may know: whether it is valid or expired. */
function statusLabelOf(model: BadgePageModel, t: PageMessages): string {
  const shown = model.state === 'withheld' ? (model.expired ? 'expired' : 'valid') : model.state;
  return t[STATE_LABELS[shown]];
}

/** The longest id a page looks up: award ids are UUIDs; anything longer is not ours. */
const MAX_ID_LENGTH = 100;

/** Text for an HTML attribute written into a snippet the visitor copies (not a template value). */
function attribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function shareLinks(page: string, name: string, t: PageMessages) {
  const url = encodeURIComponent(page);
  const text = encodeURIComponent(name);
  return {
    x: `https://x.com/intent/post?url=${url}&text=${text}`,
    facebook: `https://www.facebook.com/sharer/sharer.php?u=${url}`,
    email: `mailto:?subject=${text}&body=${encodeURIComponent(`${t.emailShareBody} ${page}`)}`,
  };
}

/**
 * The badge's page for people, in French or English. What it shows and offers follows the
 * award's state (app/pages/badgePageModel.ts); it never shows an email. A client asking for JSON
 * is sent (303) to the hosted assertion.
 */
export function badgePageRoutes(deps: BadgePageDeps): Router {
  const { urls } = deps;
  const router = Router();
  const mount = urls.mount;

  function notFound(res: Response, lang: Lang): void {
    const t = messagesFor(lang);
    res
      .status(404)
      .type(MEDIA.html)
      .send(renderPage('notFound', { lang, t, base: mount, title: t.notFoundTitle, code: 'not_found' }));
  }

  async function liveVerdict(award: AwardRecord, lang: Lang) {
    if (deps.verifyBadge === undefined) return undefined;
    const report = await deps.verifyBadge(urlInput(urls.assertion(award._id)));
    const status: VerificationStatus = report.status;
    return { status, label: verdictText(lang, status).label };
  }

  router.get('/badges/:id', async (req, res) => {
    const id = req.params.id;
    if (!wantsHtml(req)) {
      res.redirect(303, urls.assertion(id));
      return;
    }
    const award = id.length > MAX_ID_LENGTH ? null : await deps.findAward(id);
    const lang = pageLang(req, award?.recipientLocale ?? 'en');
    if (award === null) {
      notFound(res, lang);
      return;
    }
    const t = messagesFor(lang);
    const model = badgePageModel(award, deps.clock.now());
    const name = typeset(award.achievement.title[lang], lang);
    const description = typeset(award.achievement.description[lang], lang);
    const page = urls.page(award._id);
    // The picture follows the reader's language; the baked downloads stay in the recipient's.
    const image = urls.achievementImage(award.achievementId, lang);
    const verdict = await liveVerdict(award, lang);
    res.setHeader('Cache-Control', 'no-store');
    res.type(MEDIA.html).send(
      renderPage('badge', {
        lang,
        t,
        base: mount,
        title: name,
        otherLangQuery: `lang=${lang === 'fr' ? 'en' : 'fr'}`,
        head: openGraph({ name, description, image, page, lang, issuer: deps.issuer.name }),
        model: modelView(model, lang, t),
        award: {
          name,
          description,
          criteria: typeset(award.achievement.criteria[lang], lang),
          criteriaUrl: award.achievement.criteriaUrl,
          tags: award.achievement.tags ?? [],
          kindLabel: award.achievement.kind === 'certification' ? t.kindCertification : t.kindExam,
          // A certification awarded directly names no exam.
          earnedBy: award.earnedBy === DIRECT ? undefined : award.earnedBy,
          statusLabel: statusLabelOf(model, t),
        },
        issuer: { name: deps.issuer.name, home: `${urls.base}/`, logo: deps.issuer.imageUrl ?? urls.issuerImage },
        verdict: verdict === undefined ? undefined : { ...verdict, at: t.verifiedJustNow },
        image,
        links: {
          png: urls.png(award._id),
          svg: urls.svg(award._id),
          png3: `${urls.png(award._id)}?format=ob3`,
          svg3: `${urls.svg(award._id)}?format=ob3`,
          assertion: urls.assertion(award._id),
          signedAssertion: urls.signedAssertion(award._id),
          credential: urls.credential(award._id),
          credentialJwt: urls.credentialJwt(award._id),
          verify: `${urls.verifyPage}?lang=${lang}&url=${encodeURIComponent(page)}`,
          linkedin: linkedInLinkOf(award, urls, deps.issuer, lang),
          ...shareLinks(page, name, t),
        },
        embed: `<a href="${attribute(page)}"><img src="${attribute(urls.png(award._id))}" alt="${attribute(name)}" width="150" height="150"></a>`,
      }),
    );
  });

  // A badge address whose percent-encoding does not decode is no badge: the same page as any other.
  router.use('/badges', ((error, req, res, next) => {
    if (error instanceof URIError && wantsHtml(req)) notFound(res, pageLang(req));
    else next(error);
  }) satisfies ErrorRequestHandler);

  return router;
}

/** The model with its dates written for the reader. */
function modelView(model: BadgePageModel, lang: Lang, t: PageMessages) {
  const date = (iso: string | undefined) => (iso === undefined ? undefined : formatDate(iso, lang));
  return {
    ...model,
    earned: date(model.dates.earned),
    issued: date(model.dates.issued),
    expires: date(model.dates.expires),
    expiredOn: date(model.expiredOn),
    revokedOn: date(model.revocation?.revokedOn),
    revocationReason: model.revocation?.reason,
    banner: model.state === 'revoked' ? t.revokedBanner : model.state === 'expired' ? t.expiredBanner : undefined,
  };
}

/** Open Graph and Twitter card tags, so a shared link shows the badge. */
function openGraph(page: {
  name: string;
  description: string;
  image: string;
  page: string;
  lang: Lang;
  issuer: string;
}) {
  return [
    { property: 'og:type', content: 'website' },
    { property: 'og:site_name', content: page.issuer },
    { property: 'og:title', content: page.name },
    { property: 'og:description', content: page.description },
    { property: 'og:image', content: page.image },
    { property: 'og:image:alt', content: page.name },
    { property: 'og:url', content: page.page },
    { property: 'og:locale', content: page.lang === 'fr' ? 'fr_FR' : 'en_GB' },
    { name: 'twitter:card', content: 'summary' },
    { name: 'twitter:title', content: page.name },
    { name: 'twitter:description', content: page.description },
    { name: 'twitter:image', content: page.image },
    { name: 'description', content: page.description },
  ];
}
