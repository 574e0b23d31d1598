import type { IssuerProfileInput } from '../../badges/documentInput.js';
import { buildDidDocument } from '../../badges/keys/didDocument.js';
import { buildJwks } from '../../badges/keys/jwks.js';
import type { KeySetMaterial } from '../../badges/keys/keySetMaterial.js';
import { buildOb2CryptographicKey } from '../../badges/keys/ob2CryptographicKey.js';
import { rsaPublicJwk } from '../../badges/keys/publicKeys.js';
import type { Ob2Assertion } from '../../badges/ob2/assertion.js';
import { buildBadgeClass } from '../../badges/ob2/badgeClass.js';
import { buildOb2IssuerProfile } from '../../badges/ob2/issuerProfile.js';
import {
  buildOb2RevocationList,
  buildRevokedAssertionBody,
  type RevokedAward,
} from '../../badges/ob2/revocationList.js';
import { buildOb3RevocationList } from '../../badges/ob3/revocationList.js';
import type { UrlLayout } from '../../badges/urls.js';
import { findAchievement } from '../../domain/catalog/findAchievement.js';
import { AccoladeError } from '../../errors.js';
import type { BadgeImages } from '../../ports/badgeImages.js';
import type { Collection } from '../../ports/store.js';
import { achievementInputOf, imageRequestOf, snapshotOf } from '../awards/achievementSnapshot.js';
import type { AwardDocuments, BakeFormat } from '../awards/awardDocuments.js';
import type { AchievementSnapshot, AwardRecord, Lang } from '../awards/awardRecord.js';
import type { CatalogSource } from '../awards/issueAward.js';
import type { KeyRing } from '../keys/keyRing.js';

export interface PublicDocumentDeps {
  readonly urls: UrlLayout;
  readonly issuer: IssuerProfileInput;
  readonly keyRing: KeyRing<KeySetMaterial>;
  readonly documents: AwardDocuments;
  readonly images: BadgeImages;
  readonly awards: Collection<AwardRecord>;
  readonly catalog: CatalogSource;
  readonly revokedAwards: () => Promise<readonly RevokedAward[]>;
}

/** The hosted assertion of an award, or once revoked the body OB 2.0 publishes in its place. */
export type HostedAssertion =
  | { readonly revoked: false; readonly body: Ob2Assertion }
  | { readonly revoked: true; readonly body: object };

/** A baked image and the award it belongs to (whose id names the download). */
export interface BakedImage<Body> {
  readonly awardId: string;
  readonly body: Body;
}

/**
 * Every public document of the issuer and of each award, by what it is about: which document
 * for which award, key set or achievement. How they travel (paths, media types, caching) is the
 * HTTP layer's business. Awards are served whatever their status: privacy hides them from
 * listings, never from whoever holds the URL. Each throws `not_found` for an unknown id.
 */
export interface PublicDocuments {
  ob2Issuer(): Promise<object>;
  ob2Key(keySetId: string): Promise<object>;
  jwk(keySetId: string): Promise<object>;
  jwks(): Promise<object>;
  didDocument(): Promise<object>;
  ob2RevocationList(): Promise<object>;
  ob3RevocationList(): Promise<object>;
  badgeClass(achievementId: string, lang: Lang): Promise<object>;
  assertion(awardId: string): Promise<HostedAssertion>;
  signedAssertion(awardId: string): Promise<string>;
  credential(awardId: string): Promise<object>;
  credentialJwt(awardId: string): Promise<string>;
  png(awardId: string, format: BakeFormat): Promise<BakedImage<Buffer>>;
  svg(awardId: string, format: BakeFormat): Promise<BakedImage<string>>;
  achievementImage(achievementId: string, lang: string): Promise<Buffer>;
}

export function createPublicDocuments(deps: PublicDocumentDeps): PublicDocuments {
  const { urls } = deps;

  async function award(id: string): Promise<AwardRecord> {
    const found = await deps.awards.findOne({ _id: id });
    if (found === null) throw new AccoladeError('not_found', `No badge ${id}`);
    return found;
  }

  async function keySet(id: string): Promise<KeySetMaterial> {
    const found = await deps.keyRing.get(id);
    if (found === undefined) throw new AccoladeError('not_found', `No key ${id}`);
    return found.material;
  }

  const materials = async () => (await deps.keyRing.all()).map((set) => set.material);

  /**
   * An achievement's content by id: from the catalog whatever its badge status, else from an
   * award that snapshotted it, so a catalog edit never breaks badges already issued.
   */
  async function achievementContent(id: string): Promise<{ id: string; snapshot: AchievementSnapshot } | undefined> {
    const entry = findAchievement(deps.catalog.current().catalog, id);
    if (entry !== undefined) return { id: entry.id, snapshot: snapshotOf(entry) };
    const awarded = await deps.awards.findOne({ achievementId: id });
    return awarded === null ? undefined : { id: awarded.achievementId, snapshot: awarded.achievement };
  }

  return {
    ob2Issuer: async () =>
      buildOb2IssuerProfile(
        deps.issuer,
        (await deps.keyRing.all()).map((set) => set.id),
        urls,
      ),
    ob2Key: async (id) => buildOb2CryptographicKey(await keySet(id), urls),
    jwk: async (id) => rsaPublicJwk(await keySet(id), urls),
    jwks: async () => buildJwks(await materials(), urls),
    didDocument: async () => buildDidDocument(await materials(), urls),
    ob2RevocationList: async () => buildOb2RevocationList(await deps.revokedAwards(), urls),
    ob3RevocationList: async () => buildOb3RevocationList(await deps.revokedAwards(), urls),
    async badgeClass(id, lang) {
      const content = await achievementContent(id);
      if (content === undefined) throw new AccoladeError('not_found', `No badge class ${id}`);
      return buildBadgeClass({ lang, achievement: achievementInputOf(content.id, content.snapshot, lang) }, urls);
    },
    async assertion(id) {
      const found = await award(id);
      if (found.status !== 'revoked') return { revoked: false, body: deps.documents.hostedAssertion(found) };
      const reason = found.revocationReason === undefined ? {} : { reason: found.revocationReason };
      const when = found.revokedAt === undefined ? {} : { revokedAt: found.revokedAt };
      const badgeClass = urls.badgeClass(found.achievementId, found.recipientLocale);
      return {
        revoked: true,
        body: buildRevokedAssertionBody({ awardId: found._id, ...reason, ...when }, urls, badgeClass),
      };
    },
    signedAssertion: async (id) => deps.documents.signedAssertion(await award(id)),
    credential: async (id) => deps.documents.credential(await award(id)),
    credentialJwt: async (id) => deps.documents.credentialJwt(await award(id)),
    async png(id, format) {
      const found = await award(id);
      return { awardId: found._id, body: await deps.documents.png(found, format) };
    },
    async svg(id, format) {
      const found = await award(id);
      return { awardId: found._id, body: await deps.documents.svg(found, format) };
    },
    async achievementImage(id, lang) {
      const content = await achievementContent(id);
      if (content === undefined || (lang !== 'en' && lang !== 'fr')) {
        throw new AccoladeError('not_found', `No image for ${id}`);
      }
      return deps.images.png(imageRequestOf(content.id, content.snapshot, lang));
    },
  };
}
