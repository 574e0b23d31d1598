import { Router } from 'express';
import type { Lang, LocalisedText } from '../../app/awards/awardRecord.js';
import { type HomeAchievement, issuerHomeModel } from '../../app/pages/issuerHomeModel.js';
import type { UrlLayout } from '../../badges/urls.js';
import type { Catalog } from '../../domain/catalog/types.js';
import { MEDIA, wantsHtml } from '../negotiate.js';
import { formatDate, messagesFor, pageLang, typeset } from '../pages/i18n.js';
import { renderPage } from '../pages/renderPage.js';

export interface HomeDeps {
  readonly urls: UrlLayout;
  readonly issuer: {
    readonly name: string;
    readonly email: string;
    readonly description: LocalisedText;
    readonly imageUrl?: string | undefined;
  };
  /** The catalog in force (it reloads without restart). */
  readonly catalog: () => Catalog;
}

function achievementView(entry: HomeAchievement, lang: Lang) {
  return {
    id: entry.id,
    kind: entry.kind,
    title: typeset(entry.title[lang], lang),
    description: typeset(entry.description[lang], lang),
    criteria: typeset(entry.criteria[lang], lang),
    criteriaUrl: entry.criteriaUrl,
    tags: entry.tags,
    family: entry.familyName?.[lang],
    retired: entry.retirementDate === undefined ? undefined : formatDate(entry.retirementDate, lang),
    noBadge: entry.noBadge,
  };
}

/**
 * The issuer's home at PUBLIC_URL (`/` or the mount path): the programme, its contact, the
 * verify form, and every achievement with the rule that applies to it. The OB 2.0 issuer Profile's
 * and OB 3.0 issuer's `url` point here. A client asking for JSON is sent (303) to the Profile.
 */
export function homeRoutes(deps: HomeDeps): Router {
  const { urls } = deps;
  const router = Router();
  router.get('/', (req, res) => {
    if (!wantsHtml(req)) {
      res.redirect(303, urls.ob2Issuer);
      return;
    }
    const lang = pageLang(req);
    const t = messagesFor(lang);
    const model = issuerHomeModel(deps.catalog());
    // In the reader's alphabetical order, by the titles they read.
    const view = (list: readonly HomeAchievement[]) =>
      list
        .map((entry) => achievementView(entry, lang))
        .sort((a, b) => a.title.localeCompare(b.title, lang) || a.id.localeCompare(b.id));
    res.type(MEDIA.html).send(
      renderPage('home', {
        lang,
        t,
        base: urls.mount,
        title: deps.issuer.name,
        head: [
          { property: 'og:type', content: 'website' },
          { property: 'og:title', content: deps.issuer.name },
          { property: 'og:description', content: deps.issuer.description[lang] },
          { property: 'og:url', content: `${urls.base}/` },
          { name: 'description', content: deps.issuer.description[lang] },
        ],
        issuer: {
          name: deps.issuer.name,
          description: deps.issuer.description[lang],
          email: deps.issuer.email,
          logo: deps.issuer.imageUrl ?? urls.issuerImage,
        },
        verifyAction: `${urls.mount}/verify`,
        active: view(model.active),
        retired: view(model.retired),
        withoutBadge: view(model.withoutBadge),
      }),
    );
  });
  return router;
}
