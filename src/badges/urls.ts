import { publishedUuid } from './publishedUuid.js';

/**
 * Every URL the service publishes, derived from PUBLIC_URL in one place. Routes in `http/`
 * serve exactly these paths (relative to PUBLIC_URL's path), and document builders in
 * `badges/` put exactly these URLs in what they sign, so the two can never drift apart.
 */
export interface UrlLayout {
  /** PUBLIC_URL without a trailing slash. */
  readonly base: string;
  /** PUBLIC_URL's path without a trailing slash (`''` at the origin's root): where the service is mounted. */
  readonly mount: string;
  /** The `did:web` DID of the issuer (OB 3.0), derived from PUBLIC_URL. */
  readonly did: string;
  /** Where that DID document is served: `/.well-known/did.json`, or `<path>/did.json`. */
  readonly didDocument: string;
  readonly jwks: string;
  readonly ob2Issuer: string;
  readonly ob2RevocationList: string;
  readonly ob3RevocationList: string;
  readonly issuerImage: string;
  readonly verifyPage: string;
  ob2Key(keySetId: string): string;
  /** The VC-JWT `kid`: a URL answering one public JWK. */
  jwk(keySetId: string): string;
  /** Data Integrity verification method: `<DID>#key-<keySetId>`. */
  verificationMethod(keySetId: string): string;
  /**
   * The BadgeClass in the award's language: English at the bare URL, French with `?lang=fr`, so a
   * French badge's metadata reads in French wherever it is displayed.
   */
  badgeClass(achievementId: string, lang?: string): string;
  achievementImage(achievementId: string, lang: string): string;
  assertion(awardId: string): string;
  signedAssertion(awardId: string): string;
  /** `urn:uuid:` id of the OB 2.0 signed assertion: a version-4 UUID derived from the award id. */
  signedAssertionId(awardId: string): string;
  credential(awardId: string): string;
  credentialJwt(awardId: string): string;
  page(awardId: string): string;
  png(awardId: string): string;
  svg(awardId: string): string;
}

/**
 * did:web from a URL: host, with the port percent-encoded (`localhost%3A3000`), then each path
 * segment after a colon. https://w3c-ccg.github.io/did-method-web/#create-register
 */
export function didWebFromUrl(publicUrl: string): string {
  const url = new URL(publicUrl);
  const host = url.port ? `${url.hostname}%3A${url.port}` : url.hostname;
  const segments = url.pathname.split('/').filter((segment) => segment.length > 0);
  return ['did:web', host, ...segments.map(encodeURIComponent)].join(':');
}

/** PUBLIC_URL's path without a trailing slash, `''` when the service sits at the origin's root. */
export function mountPath(publicUrl: string): string {
  return new URL(publicUrl).pathname.replace(/\/+$/, '');
}

export function createUrlLayout(publicUrl: string): UrlLayout {
  const base = publicUrl.replace(/\/+$/, '');
  const mount = mountPath(base);
  const hasPath = mount !== '';
  const origin = new URL(base).origin;
  const e = encodeURIComponent;
  return {
    base,
    mount,
    did: didWebFromUrl(base),
    didDocument: hasPath ? `${base}/did.json` : `${origin}/.well-known/did.json`,
    jwks: `${base}/.well-known/jwks.json`,
    ob2Issuer: `${base}/ob2/issuer`,
    ob2RevocationList: `${base}/ob2/revocations`,
    ob3RevocationList: `${base}/ob3/revocations`,
    issuerImage: `${base}/images/issuer.png`,
    verifyPage: `${base}/verify`,
    ob2Key: (keySetId) => `${base}/ob2/keys/${e(keySetId)}`,
    jwk: (keySetId) => `${base}/ob3/keys/${e(keySetId)}`,
    verificationMethod: (keySetId) => `${didWebFromUrl(base)}#key-${keySetId}`,
    badgeClass: (achievementId, lang = 'en') =>
      `${base}/ob2/badges/${e(achievementId)}${lang === 'en' ? '' : `?lang=${e(lang)}`}`,
    achievementImage: (achievementId, lang) => `${base}/images/achievements/${e(achievementId)}/${e(lang)}.png`,
    assertion: (awardId) => `${base}/ob2/assertions/${e(awardId)}`,
    signedAssertion: (awardId) => `${base}/ob2/assertions/${e(awardId)}/jws`,
    signedAssertionId: (awardId) => `urn:uuid:${publishedUuid(awardId)}`,
    credential: (awardId) => `${base}/ob3/credentials/${e(awardId)}`,
    credentialJwt: (awardId) => `${base}/ob3/credentials/${e(awardId)}/jwt`,
    page: (awardId) => `${base}/badges/${e(awardId)}`,
    png: (awardId) => `${base}/badges/${e(awardId)}/image.png`,
    svg: (awardId) => `${base}/badges/${e(awardId)}/image.svg`,
  };
}
