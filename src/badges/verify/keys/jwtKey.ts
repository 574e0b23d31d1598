import type { JWK } from 'jose';
import { isJsonObject, type JsonObject } from '../json/safeJson.js';
import { asArray, isHttpUrl, stringOf } from '../json/values.js';
import type { DocumentSource } from '../net/documents.js';
import { invalid } from '../report.js';
import { didOf, findVerificationMethod, type Resolution, resolveDid } from './didDocument.js';
import { multikeyToJwk } from './multikey.js';

export interface JwtKey {
  readonly jwk: JWK;
  /** Where the key came from, for the check message. */
  readonly source: string;
  /** Who the key says it belongs to (a DID, or a JWK's `iss`), to compare with the issuer. */
  readonly controller?: string;
}

/** A public JWK only: a JWK with `d` is a private key and must never be used (SPEC integrity.md §JOSE header). */
function publicJwk(value: unknown, where: string): Resolution<JWK> {
  if (!isJsonObject(value) || typeof value['kty'] !== 'string') {
    return { ok: false, problem: invalid(`${where} is not a JWK`) };
  }
  if ('d' in value) return { ok: false, problem: invalid(`${where} contains a private key ("d"); refused`) };
  return { ok: true, value: value as JWK };
}

function methodJwk(method: JsonObject, where: string): Resolution<JWK> {
  if (method['publicKeyJwk'] !== undefined) return publicJwk(method['publicKeyJwk'], where);
  const multibase = stringOf(method['publicKeyMultibase']);
  const jwk = multibase ? multikeyToJwk(multibase) : undefined;
  return jwk ? { ok: true, value: jwk as JWK } : { ok: false, problem: invalid(`${where} has no usable public key`) };
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
  return {
    ok: true,
    value: { jwk: jwk.value, source: `DID document of ${did}`, controller: stringOf(method['controller']) ?? did },
  };
}

/**
 * A `kid` URL answering one JWK (what VAL3 expects) or a JWK Set, matched by `kid` (the full
 * URL or its fragment); open-badges.md B3, B5.
 */
async function fromUrl(url: string, kid: string, documents: DocumentSource): Promise<Resolution<JwtKey>> {
  const fetched = await documents.json(url.replace(/#.*$/, ''), 'key');
  if (!fetched.ok) return fetched;
  const body = fetched.value;
  if (isJsonObject(body) && Array.isArray(body['keys'])) {
    const fragment = kid.includes('#') ? kid.slice(kid.indexOf('#') + 1) : undefined;
    const match = body['keys'].find(
      (key) => isJsonObject(key) && (key['kid'] === kid || (fragment && key['kid'] === fragment)),
    );
    if (!match) return { ok: false, problem: invalid(`the JWK Set at ${url} has no key ${kid} (rotated or removed?)`) };
    return withJwkIssuer(publicJwk(match, `key ${kid} in ${url}`), `JWK Set ${url}`);
  }
  return withJwkIssuer(publicJwk(body, `${url}`), `kid URL ${url}`);
}

function withJwkIssuer(jwk: Resolution<JWK>, source: string): Resolution<JwtKey> {
  if (!jwk.ok) return jwk;
  // The optional JWK member `iss` ties a published key to its issuer (SPEC recommended practices §Key provenance).
  const controller = stringOf((jwk.value as JsonObject)['iss']);
  return { ok: true, value: { jwk: jwk.value, source, ...(controller ? { controller } : {}) } };
}

/**
 * The key for a VC-JWT: embedded `jwk`, or `kid` as a DID URL, an http(s) URL (JWK or JWKS),
 * or a bare key name looked up in the issuer's DID document or `/.well-known/jwks.json`.
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
    if (!kid) return withJwkIssuer(jwk, 'the JWS header (jwk)');
  }
  if (!kid) return { ok: false, problem: invalid('the JWS header has neither kid nor jwk') };
  if (kid.startsWith('did:')) return fromDid(kid, documents);
  if (isHttpUrl(kid)) return fromUrl(kid, kid, documents);
  if (issuerId?.startsWith('did:')) return fromDid(`${issuerId}#${kid.replace(/^#/, '')}`, documents);
  if (issuerId && isHttpUrl(issuerId)) {
    return fromUrl(`${new URL(issuerId).origin}/.well-known/jwks.json`, kid, documents);
  }
  return { ok: false, problem: invalid(`kid "${kid}" cannot be resolved without an issuer URL or DID`) };
}
