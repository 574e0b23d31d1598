import type { JWK } from 'jose';
import { isJsonObject, type JsonObject } from '../json/safeJson.js';
import { asArray, isHttpUrl, stringOf } from '../json/values.js';
import type { DocumentSource } from '../net/documents.js';
import { invalid } from '../report.js';
import { didOf, findVerificationMethod, type Resolution, resolveDid } from './didDocument.js';
import { issuerJwksUrl } from './issuerOrigin.js';
import { methodJwk, publicJwk } from './publicJwk.js';

/**
 * Where a VC-JWT key was found. It says nothing yet about whose key it is: that is decided from
 * it by jwtKeyProvenance.ts (docs/open-badges.md B5), never by what the key says about itself.
 */
export type JwtKeyOrigin =
  /** A verification method in a DID document, by DID URL. */
  | {
      readonly kind: 'did';
      readonly methodId: string;
      readonly controller: string | undefined;
      readonly document: JsonObject;
    }
  /** An http(s) URL answering the JWK, or a JWK Set holding it. */
  | { readonly kind: 'url'; readonly url: string }
  /** The `jwk` header: the token carries its own key. */
  | { readonly kind: 'embedded' };

export interface JwtKey {
  readonly jwk: JWK;
  /** Where the key came from, for the check message. */
  readonly source: string;
  readonly origin: JwtKeyOrigin;
}

/** A key in a DID document, by DID URL: did:key, did:jwk or did:web. */
async function fromDid(kid: string, documents: DocumentSource): Promise<Resolution<JwtKey>> {
  const did = didOf(kid);
  const resolved = await resolveDid(did, documents);
  if (!resolved.ok) return resolved;
  const methods = asArray(resolved.value['verificationMethod']).filter(isJsonObject);
  // A bare did:key names its only key.
  const method =
    findVerificationMethod(resolved.value, kid) ?? (kid === did && methods.length === 1 ? methods[0] : undefined);
  if (!method) return { ok: false, problem: invalid(`key ${kid} is not in the DID document (rotated or removed?)`) };
  const jwk = methodJwk(method, `verification method ${kid}`);
  if (!jwk.ok) return jwk;
  const methodId = stringOf(method['id']) ?? kid;
  return {
    ok: true,
    value: {
      jwk: jwk.value,
      source: `DID document of ${did}`,
      origin: { kind: 'did', methodId, controller: stringOf(method['controller']), document: resolved.value },
    },
  };
}

/**
 * A `kid` URL answering one JWK (what VAL3 expects) or a JWK Set, matched by `kid` (the full
 * URL or its fragment); docs/open-badges.md B3, B5.
 */
async function fromUrl(url: string, kid: string, documents: DocumentSource): Promise<Resolution<JwtKey>> {
  const documentUrl = url.replace(/#.*$/, '');
  const fetched = await documents.json(documentUrl, 'key');
  if (!fetched.ok) return fetched;
  const body = fetched.value;
  const origin = { kind: 'url', url: documentUrl } as const;
  if (isJsonObject(body) && Array.isArray(body['keys'])) {
    const fragment = kid.includes('#') ? kid.slice(kid.indexOf('#') + 1) : undefined;
    const match = body['keys'].find(
      (key) => isJsonObject(key) && (key['kid'] === kid || (fragment && key['kid'] === fragment)),
    );
    if (!match) return { ok: false, problem: invalid(`the JWK Set at ${url} has no key ${kid} (rotated or removed?)`) };
    const jwk = publicJwk(match, `key ${kid} in ${url}`);
    return jwk.ok ? { ok: true, value: { jwk: jwk.value, source: `JWK Set ${documentUrl}`, origin } } : jwk;
  }
  const jwk = publicJwk(body, url);
  return jwk.ok ? { ok: true, value: { jwk: jwk.value, source: `kid URL ${url}`, origin } } : jwk;
}

/**
 * The key for a VC-JWT (SPEC integrity.md §Verify a Credential step 2): `kid` as a DID URL, an
 * http(s) URL (JWK or JWKS), or a bare key name looked up in the issuer's DID document or
 * `/.well-known/jwks.json`; else the embedded `jwk`. Whether the key is the issuer's is a
 * separate question (jwtKeyProvenance.ts).
 */
export async function resolveJwtKey(
  header: JsonObject,
  issuerId: string | undefined,
  documents: DocumentSource,
): Promise<Resolution<JwtKey>> {
  const kid = stringOf(header['kid']);
  if (header['jwk'] !== undefined) {
    const jwk = publicJwk(header['jwk'], 'the jwk in the JWS header');
    if (!jwk.ok) return jwk;
    if (!kid)
      return { ok: true, value: { jwk: jwk.value, source: 'the JWS header (jwk)', origin: { kind: 'embedded' } } };
  }
  if (!kid) return { ok: false, problem: invalid('the JWS header has neither kid nor jwk') };
  if (kid.startsWith('did:')) return fromDid(kid, documents);
  if (isHttpUrl(kid)) return fromUrl(kid, kid, documents);
  if (issuerId?.startsWith('did:')) return fromDid(`${issuerId}#${kid.replace(/^#/, '')}`, documents);
  const jwks = issuerId === undefined ? undefined : issuerJwksUrl(issuerId);
  if (jwks) return fromUrl(jwks, kid, documents);
  return { ok: false, problem: invalid(`kid "${kid}" cannot be resolved without an issuer URL or DID`) };
}
