import { readFile } from 'node:fs/promises';
import { type Request, Router } from 'express';
import type { AwardDocuments, BakeFormat } from '../../app/awards/awardDocuments.js';
import type { AwardRecord } from '../../app/awards/awardRecord.js';
import type { KeyRing } from '../../app/keys/keyRing.js';
import type { IssuerProfileInput } from '../../badges/documentInput.js';
import { buildDidDocument } from '../../badges/keys/didDocument.js';
import { buildJwks } from '../../badges/keys/jwks.js';
import type { KeySetMaterial } from '../../badges/keys/keySetMaterial.js';
import { buildOb2CryptographicKey } from '../../badges/keys/ob2CryptographicKey.js';
import { rsaPublicJwk } from '../../badges/keys/publicKeys.js';
import { buildBadgeClass } from '../../badges/ob2/badgeClass.js';
import { buildOb2IssuerProfile } from '../../badges/ob2/issuerProfile.js';
import {
  buildOb2RevocationList,
  buildRevokedAssertionBody,
  type RevokedAward,
} from '../../badges/ob2/revocationList.js';
import { buildOb3RevocationList } from '../../badges/ob3/revocationList.js';
import type { UrlLayout } from '../../badges/urls.js';
import type { Achievement } from '../../domain/catalog/types.js';
import { AccoladeError } from '../../errors.js';
import { projectPath } from '../../paths.js';
import type { BadgeImages } from '../../ports/badgeImages.js';
import { MEDIA, ob2ContentType, sendJson } from '../negotiate.js';

export interface DocumentRouteDeps {
  readonly urls: UrlLayout;
  readonly issuer: IssuerProfileInput;
  readonly keyRing: KeyRing<KeySetMaterial>;
  readonly documents: AwardDocuments;
  readonly images: BadgeImages;
  readonly findAward: (id: string) => Promise<AwardRecord | null>;
  readonly revokedAwards: () => Promise<readonly RevokedAward[]>;
  readonly findAchievement: (id: string) => Achievement | undefined;
}

/** Where a published URL is served, relative to the router's mount point (PUBLIC_URL's path). */
export function routePath(urls: UrlLayout, url: string): string {
  const mount = new URL(urls.base).pathname.replace(/\/+$/, '');
  return decodeURIComponent(new URL(url).pathname).slice(mount.length);
}

/**
 * Every public document of the issuer and of each award, with the content types of the issue:
 * OB 2.0 as JSON-LD, JWS and VC-JWT as text/plain, the Data Integrity credential as
 * application/vc+ld+json, keys as JWK/JWKS, the DID document as application/did+json. Awards are
 * served whatever their status: privacy hides them from listings, never from who holds the URL.
 */
export function documentRoutes(deps: DocumentRouteDeps): Router {
  const { urls } = deps;
  const router = Router();
  const publicCache = (res: import('express').Response, seconds: number) =>
    res.setHeader('Cache-Control', `public, max-age=${seconds}`);

  async function awardOr404(req: Request): Promise<AwardRecord> {
    const award = await deps.findAward(req.params['id'] as string);
    if (award === null) throw new AccoladeError('not_found', `No badge ${req.params['id']}`);
    return award;
  }

  async function materials(): Promise<KeySetMaterial[]> {
    return (await deps.keyRing.all()).map((set) => set.material);
  }

  router.get(routePath(urls, urls.ob2Issuer), async (req, res) => {
    const ids = (await deps.keyRing.all()).map((set) => set.id);
    publicCache(res, 300);
    sendJson(res, ob2ContentType(req), buildOb2IssuerProfile(deps.issuer, ids, urls));
  });

  router.get(routePath(urls, urls.ob2Key(':id')), async (req, res) => {
    const keySet = await deps.keyRing.get(req.params['id'] as string);
    if (keySet === undefined) throw new AccoladeError('not_found', `No key ${req.params['id']}`);
    publicCache(res, 3600);
    sendJson(res, ob2ContentType(req), buildOb2CryptographicKey(keySet.material, urls));
  });

  router.get(routePath(urls, urls.jwk(':id')), async (req, res) => {
    const keySet = await deps.keyRing.get(req.params['id'] as string);
    if (keySet === undefined) throw new AccoladeError('not_found', `No key ${req.params['id']}`);
    publicCache(res, 3600);
    sendJson(res, MEDIA.jwk, rsaPublicJwk(keySet.material, urls));
  });

  router.get(routePath(urls, urls.jwks), async (_req, res) => {
    publicCache(res, 300);
    sendJson(res, MEDIA.jwks, buildJwks(await materials(), urls));
  });

  router.get(routePath(urls, urls.didDocument), async (_req, res) => {
    publicCache(res, 300);
    sendJson(res, MEDIA.didJson, buildDidDocument(await materials(), urls));
  });

  router.get(routePath(urls, urls.ob2RevocationList), async (req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    sendJson(res, ob2ContentType(req), buildOb2RevocationList(await deps.revokedAwards(), urls));
  });

  router.get(routePath(urls, urls.ob3RevocationList), async (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    sendJson(res, MEDIA.json, buildOb3RevocationList(await deps.revokedAwards(), urls));
  });

  router.get(routePath(urls, urls.badgeClass(':id')), (req, res) => {
    const achievement = deps.findAchievement(req.params['id'] as string);
    if (achievement === undefined || !achievement.badge.available) {
      throw new AccoladeError('not_found', `No badge class ${req.params['id']}`);
    }
    const lang = req.query['lang'] === 'fr' ? 'fr' : 'en';
    publicCache(res, 300);
    sendJson(
      res,
      ob2ContentType(req),
      buildBadgeClass(
        {
          lang,
          achievement: {
            id: achievement.id,
            kind: achievement.kind,
            name: achievement.title[lang],
            description: achievement.description[lang],
            criteriaNarrative: achievement.criteria.narrative[lang],
            ...(achievement.criteria.url === undefined ? {} : { criteriaUrl: achievement.criteria.url }),
            ...(achievement.tags === undefined ? {} : { tags: achievement.tags }),
          },
        },
        urls,
      ),
    );
  });

  router.get(routePath(urls, urls.assertion(':id')), async (req, res) => {
    const award = await awardOr404(req);
    if (award.status === 'revoked') {
      const body = buildRevokedAssertionBody(
        { awardId: award._id, ...(award.revocationReason === undefined ? {} : { reason: award.revocationReason }) },
        urls,
      );
      sendJson(res, ob2ContentType(req), body, 410);
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    sendJson(res, ob2ContentType(req), deps.documents.hostedAssertion(award));
  });

  router.get(routePath(urls, urls.signedAssertion(':id')), async (req, res) => {
    const award = await awardOr404(req);
    res.type(MEDIA.text).send(await deps.documents.signedAssertion(award));
  });

  router.get(routePath(urls, urls.credential(':id')), async (req, res) => {
    const award = await awardOr404(req);
    sendJson(res, MEDIA.vcLdJson, await deps.documents.credential(award));
  });

  router.get(routePath(urls, urls.credentialJwt(':id')), async (req, res) => {
    const award = await awardOr404(req);
    res.type(MEDIA.text).send(await deps.documents.credentialJwt(award));
  });

  const bakeFormat = (req: Request): BakeFormat => (req.query['format'] === 'ob3' ? 'ob3' : 'ob2');

  router.get(routePath(urls, urls.png(':id')), async (req, res) => {
    const award = await awardOr404(req);
    const format = bakeFormat(req);
    res.setHeader('Content-Disposition', `inline; filename="badge-${award._id}${format === 'ob3' ? '-ob3' : ''}.png"`);
    res.type(MEDIA.png).send(await deps.documents.png(award, format));
  });

  router.get(routePath(urls, urls.svg(':id')), async (req, res) => {
    const award = await awardOr404(req);
    const format = bakeFormat(req);
    res.setHeader('Content-Disposition', `inline; filename="badge-${award._id}${format === 'ob3' ? '-ob3' : ''}.svg"`);
    res.type(MEDIA.svg).send(await deps.documents.svg(award, format));
  });

  router.get(routePath(urls, urls.achievementImage(':id', ':lang')), async (req, res) => {
    const achievement = deps.findAchievement(req.params['id'] as string);
    const lang = req.params['lang'] === 'fr' ? 'fr' : req.params['lang'] === 'en' ? 'en' : undefined;
    if (achievement === undefined || !achievement.badge.available || lang === undefined) {
      throw new AccoladeError('not_found', `No image for ${req.params['id']}`);
    }
    publicCache(res, 3600);
    res.type(MEDIA.png).send(
      await deps.images.png({
        achievementId: achievement.id,
        title: achievement.title[lang],
        kind: achievement.kind,
        lang,
        ...(achievement.badge.image === undefined ? {} : { imageFile: achievement.badge.image }),
      }),
    );
  });

  let issuerImage: Promise<Buffer> | undefined;
  router.get(routePath(urls, urls.issuerImage), async (_req, res) => {
    issuerImage ??= readFile(projectPath('assets', 'images', 'issuer.png'));
    publicCache(res, 86_400);
    res.type(MEDIA.png).send(await issuerImage);
  });

  return router;
}
