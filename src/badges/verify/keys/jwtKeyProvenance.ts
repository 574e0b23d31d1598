import { calculateJwkThumbprint, type JWK } from 'jose';
import { isJsonObject, type JsonObject } from '../json/safeJson.js';
import { stringOf } from '../json/values.js';
import type { DocumentSource } from '../net/documents.js';
import { type FailureCategory, invalid, type Problem } from '../report.js';
import { assertionMethodIds, didOf, findVerificationMethod, type Resolution, resolveDid } from './didDocument.js';
import { issuerJwksUrl, issuerOrigins } from './issuerOrigin.js';
import type { JwtKey, JwtKeyOrigin } from './jwtKey.js';
import { methodJwk } from './publicJwk.js';

export interface JwtKeyClaims {
  /** `issuer.id` of the credential: whose key it must be. */
  readonly issuerId: string | undefined;
  /** The JWT's `iss` claim, which must name the same issuer (SPEC integrity.md §JWT payload). */
  readonly iss: unknown;
  /** The header `kid`, if any, to match a listed key by. */
  readonly kid: string | undefined;
}

type Listing = { readonly listed: string } | { readonly problem: Problem };

/** RFC 7638 JWK thumbprint: the same key however its JWK is dressed (kid, alg, use...). */
async function thumbprintOf(jwk: JWK): Promise<string | undefined> {
  try {
    return await calculateJwkThumbprint(jwk, 'sha256');
  } catch {
    return undefined;
  }
}

/** A kid that is a DID URL of the issuer's own DID: its document decides (docs/open-badges.md B5, C8). */
function issuerDidMethod(origin: Extract<JwtKeyOrigin, { kind: 'did' }>, issuerId: string): Resolution<string> {
  if (origin.controller !== issuerId) {
    return {
      ok: false,
      problem: invalid(`key ${origin.methodId} is controlled by ${origin.controller ?? '(no one)'}, not by the issuer`),
    };
  }
  if (!assertionMethodIds(origin.document).includes(origin.methodId)) {
    return {
      ok: false,
      problem: invalid(`the issuer ${issuerId} does not list ${origin.methodId} under assertionMethod`),
    };
  }
  return { ok: true, value: `the issuer ${issuerId} lists ${origin.methodId} under assertionMethod` };
}

function onIssuerOrigin(url: string, issuerId: string): string | undefined {
  try {
    const { origin } = new URL(url);
    return issuerOrigins(issuerId).includes(origin) ? origin : undefined;
  } catch {
    return undefined;
  }
}

/** The key among the issuer's assertion methods (did:key, did:jwk, did:web), by thumbprint. */
async function inIssuerDidDocument(
  thumbprint: string,
  kid: string | undefined,
  issuerId: string,
  documents: DocumentSource,
): Promise<Listing> {
  const resolved = await resolveDid(issuerId, documents);
  if (!resolved.ok) return { problem: resolved.problem };
  for (const id of assertionMethodIds(resolved.value)) {
    const method = findVerificationMethod(resolved.value, id);
    if (!method || method['controller'] !== issuerId) continue;
    const jwk = methodJwk(method, id);
    if (jwk.ok && (await thumbprintOf(jwk.value)) === thumbprint) return { listed: `the DID document of ${issuerId}` };
    if (id === kid) return { problem: invalid(`the DID document of ${issuerId} lists ${kid} with another key`) };
  }
  return { problem: invalid(`the DID document of ${issuerId} does not list the key under assertionMethod`) };
}

/** The key in the issuer's JWK Set (SPEC impl/recommended-practices.md §Key provenance), by thumbprint. */
async function inIssuerJwks(
  thumbprint: string,
  kid: string | undefined,
  url: string,
  documents: DocumentSource,
): Promise<Listing> {
  const fetched = await documents.json(url, 'JWK Set');
  if (!fetched.ok) return { problem: fetched.problem };
  const keys = isJsonObject(fetched.value) && Array.isArray(fetched.value['keys']) ? fetched.value['keys'] : [];
  for (const entry of keys.filter(isJsonObject)) {
    if ((await thumbprintOf(entry as JWK)) === thumbprint) return { listed: `the issuer's JWK Set ${url}` };
    if (kid !== undefined && entry['kid'] === kid) {
      return { problem: invalid(`the issuer's JWK Set ${url} lists kid ${kid} with another key`) };
    }
  }
  return { problem: invalid(`the issuer's JWK Set ${url} does not list the key`) };
}

/**
 * A key found elsewhere (an embedded `jwk`, a kid on another origin or in another DID) is the
 * issuer's only when the issuer itself lists it: in its DID document or its JWK Set. A source
 * that could not be read leaves the question open (indeterminate); otherwise it is invalid.
 */
async function listedByIssuer(
  key: JwtKey,
  kid: string | undefined,
  issuerId: string,
  documents: DocumentSource,
): Promise<Resolution<string>> {
  const thumbprint = await thumbprintOf(key.jwk);
  if (thumbprint === undefined)
    return { ok: false, problem: invalid(`the key from ${key.source} is not a usable JWK`) };
  const listings: Listing[] = [];
  if (issuerId.startsWith('did:')) listings.push(await inIssuerDidDocument(thumbprint, kid, issuerId, documents));
  const jwksUrl = issuerJwksUrl(issuerId);
  if (jwksUrl && !listings.some((listing) => 'listed' in listing)) {
    listings.push(await inIssuerJwks(thumbprint, kid, jwksUrl, documents));
  }
  const found = listings.find((listing): listing is { listed: string } => 'listed' in listing);
  if (found) return { ok: true, value: `the key from ${key.source} is listed in ${found.listed}` };
  const problems = listings.flatMap((listing) => ('problem' in listing ? [listing.problem] : []));
  const category: FailureCategory = problems.some((problem) => problem.category === 'indeterminate')
    ? 'indeterminate'
    : 'invalid';
  const reasons =
    problems.length > 0
      ? problems.map((problem) => problem.message).join('; ')
      : 'it has no origin or DID document to list keys in';
  return {
    ok: false,
    problem: {
      category,
      message: `the key from ${key.source} is not proven to be the issuer's (${issuerId}): it is neither published on the issuer's origin nor listed by the issuer (${reasons})`,
    },
  };
}

/**
 * Whether a VC-JWT key belongs to the credential's issuer (docs/open-badges.md B3, B5, C8). Only
 * the issuer's own documents can say so: its DID document (a kid that is a DID URL of the issuer
 * id, listed under assertionMethod), its origin (a kid URL there), or, for a key found anywhere
 * else, a listing in its DID document or `/.well-known/jwks.json`. What a key says about itself
 * (a JWK's `iss` member) can only disqualify it, never qualify it: anyone can write it.
 */
export async function jwtKeyProvenance(
  key: JwtKey,
  claims: JwtKeyClaims,
  documents: DocumentSource,
): Promise<Resolution<string>> {
  const { issuerId } = claims;
  if (issuerId === undefined) {
    return { ok: false, problem: invalid('the credential names no issuer id, so no key can be shown to be its') };
  }
  if (claims.iss !== undefined && claims.iss !== issuerId) {
    return { ok: false, problem: invalid(`the JWT is issued by ${String(claims.iss)}, not by the issuer ${issuerId}`) };
  }
  const claimed = stringOf((key.jwk as JsonObject)['iss']);
  if (claimed !== undefined && claimed !== issuerId) {
    return { ok: false, problem: invalid(`the JWK says it belongs to ${claimed}, not to the issuer ${issuerId}`) };
  }
  const { origin } = key;
  if (origin.kind === 'did' && didOf(origin.methodId) === issuerId) return issuerDidMethod(origin, issuerId);
  if (origin.kind === 'url') {
    const issuerOrigin = onIssuerOrigin(origin.url, issuerId);
    if (issuerOrigin) return { ok: true, value: `the key is published on the issuer's origin ${issuerOrigin}` };
  }
  return listedByIssuer(key, claims.kid, issuerId, documents);
}
