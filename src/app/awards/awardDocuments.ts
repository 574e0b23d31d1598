import { bakePng, bakeSvgOb2Signed, bakeSvgOb3Jwt } from '../../badges/bake/index.js';
import type { IssuerProfileInput } from '../../badges/documentInput.js';
import type { KeySetMaterial } from '../../badges/keys/keySetMaterial.js';
import { buildHostedAssertion, buildSignedAssertion, type Ob2Assertion } from '../../badges/ob2/assertion.js';
import { signOb2Assertion } from '../../badges/ob2/signAssertion.js';
import { buildOpenBadgeCredential, type OpenBadgeCredential } from '../../badges/ob3/credential.js';
import { signCredentialJwt } from '../../badges/ob3/vcJwt.js';
import type { UrlLayout } from '../../badges/urls.js';
import { AccoladeError } from '../../errors.js';
import { promiseLru } from '../../lru.js';
import type { BadgeImages } from '../../ports/badgeImages.js';
import type { KeyRing } from '../keys/keyRing.js';
import { imageRequestOf } from './achievementSnapshot.js';
import type { AwardRecord } from './awardRecord.js';
import { documentInputOf } from './documentInputOf.js';

export type BakeFormat = 'ob2' | 'ob3';

/**
 * Adds an `eddsa-rdfc-2022` proof (as an array) made at `created`, the award's issue time; may run
 * on worker threads.
 */
export type DataIntegritySign = (
  credential: OpenBadgeCredential,
  keySet: KeySetMaterial,
  created: string,
) => Promise<object>;

export interface AwardDocuments {
  hostedAssertion(award: AwardRecord): Ob2Assertion;
  signedAssertion(award: AwardRecord): Promise<string>;
  credential(award: AwardRecord): Promise<object>;
  credentialJwt(award: AwardRecord): Promise<string>;
  png(award: AwardRecord, format: BakeFormat): Promise<Buffer>;
  svg(award: AwardRecord, format: BakeFormat): Promise<string>;
}

/**
 * Every format of one award, built from the award record and the key set that signs it. The
 * signed documents are fixed at issuance (proof `created` and JWT `iat`/`nbf` are the issue date),
 * so they are signed on first request and cached; only revocation changes what is served, and
 * that is published through the revocation lists, not by re-signing.
 */
export function createAwardDocuments(deps: {
  urls: UrlLayout;
  issuer: IssuerProfileInput;
  keyRing: KeyRing<KeySetMaterial>;
  images: BadgeImages;
  signDataIntegrity: DataIntegritySign;
  cacheSize?: number;
}): AwardDocuments {
  const { urls, issuer } = deps;
  const cache = promiseLru<unknown>(deps.cacheSize ?? 5_000);
  const cached = <V>(key: string, make: () => Promise<V>) => cache(key, make) as Promise<V>;

  async function keySetOf(award: AwardRecord): Promise<KeySetMaterial> {
    const keySet = await deps.keyRing.get(award.keySetId);
    if (keySet === undefined) {
      throw new AccoladeError('internal_error', `Key set ${award.keySetId} of award ${award._id} is missing`);
    }
    return keySet.material;
  }

  const input = (award: AwardRecord) => documentInputOf(award, issuer, urls);
  const credentialJson = (award: AwardRecord) => buildOpenBadgeCredential(input(award), urls);

  function credentialJwt(award: AwardRecord): Promise<string> {
    return cached(`jwt:${award._id}`, async () =>
      signCredentialJwt(credentialJson(award), await keySetOf(award), urls, award.issuedOn),
    );
  }

  const imageRequest = (award: AwardRecord) =>
    imageRequestOf(award.achievementId, award.achievement, award.recipientLocale);

  const signedAssertion = (award: AwardRecord) =>
    cached(`jws:${award._id}`, async () =>
      signOb2Assertion(buildSignedAssertion(input(award), urls), await keySetOf(award)),
    );

  return {
    hostedAssertion: (award) => buildHostedAssertion(input(award), urls),
    signedAssertion,
    credential: (award) =>
      cached(`di:${award._id}`, async () =>
        deps.signDataIntegrity(credentialJson(award), await keySetOf(award), award.issuedOn),
      ),
    credentialJwt,
    // Baking comes last: any image re-encode after it would drop the chunk (docs/open-badges.md C17).
    // Baked images are not cached: baking is a copy and a CRC, while the costly parts (the
    // rendered picture, the JWT) are cached already, and 45 KB per award would crowd the cache.
    async png(award, format) {
      const image = await deps.images.png(imageRequest(award));
      return format === 'ob2'
        ? bakePng(image, 'openbadges', JSON.stringify(buildHostedAssertion(input(award), urls)))
        : bakePng(image, 'openbadgecredential', await credentialJwt(award));
    },
    // The OB 2.0 SVG carries the signed assertion: the one SVG form every OB 2.0 reader accepts
    // (docs/open-badges.md A6, C21). A hosted bake needs `verify` for one validator and must not
    // have it for the others.
    async svg(award, format) {
      const image = await deps.images.svg(imageRequest(award));
      return format === 'ob2'
        ? bakeSvgOb2Signed(image, await signedAssertion(award))
        : bakeSvgOb3Jwt(image, await credentialJwt(award));
    },
  };
}
