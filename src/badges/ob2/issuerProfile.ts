import type { IssuerProfileInput } from '../documentInput.js';
import { omitUndefined } from '../jsonld/omitUndefined.js';
import type { UrlLayout } from '../urls.js';
import { OB2_CONTEXT } from './context.js';

export interface Ob2IssuerProfile {
  readonly '@context': typeof OB2_CONTEXT;
  readonly type: 'Issuer';
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly email: string;
  readonly description?: string;
  readonly image?: string;
  readonly publicKey: readonly string[];
  readonly revocationList: string;
  readonly verification: { readonly type: 'VerificationObject'; readonly startsWith: string };
}

/**
 * OB 2.0 §Profile acting as issuer (docs/open-badges.md A1): `publicKey` lists every key set's
 * CryptographicKey, retired ones included, so every signed assertion keeps verifying.
 * The hosted-verification policy is `startsWith: <base>/`, never `allowedOrigins`: validators
 * compare scheme, host and port and reject IPs or ports there, and the trailing slash stops the
 * prefix matching a sibling host or port (docs/open-badges.md A3, C13, C24).
 */
export function buildOb2IssuerProfile(
  issuer: IssuerProfileInput,
  keySetIds: readonly string[],
  urls: UrlLayout,
): Ob2IssuerProfile {
  return omitUndefined({
    '@context': OB2_CONTEXT,
    type: 'Issuer',
    id: urls.ob2Issuer,
    name: issuer.name,
    url: issuer.url,
    email: issuer.email,
    description: issuer.description,
    image: issuer.imageUrl,
    publicKey: keySetIds.map((id) => urls.ob2Key(id)),
    revocationList: urls.ob2RevocationList,
    verification: { type: 'VerificationObject', startsWith: `${urls.base}/` },
  } as const);
}
