import { didWebDocumentUrl } from '../../didWeb.js';
import { isJsonObject, type JsonObject, parseUntrustedJson } from '../json/safeJson.js';
import { asArray, idOf } from '../json/values.js';
import type { DocumentSource } from '../net/documents.js';
import { invalid, type Problem } from '../report.js';
import { multikeyToJwk } from './multikey.js';

export type Resolution<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: Problem };

/** The DID of a DID URL: everything before the fragment, query or path. */
export function didOf(didUrl: string): string {
  return didUrl.replace(/[#?/].*$/, '');
}

/** did:key (W3C CCG did:key §3.1.2): the one key is the identifier; nothing to fetch. */
function didKeyDocument(did: string): Resolution<JsonObject> {
  const multibase = did.slice('did:key:'.length);
  if (!multikeyToJwk(multibase)) return { ok: false, problem: invalid(`${did} is not an Ed25519 or P-256 did:key`) };
  const id = `${did}#${multibase}`;
  return {
    ok: true,
    value: {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: did,
      verificationMethod: [{ id, type: 'Multikey', controller: did, publicKeyMultibase: multibase }],
      assertionMethod: [id],
      authentication: [id],
    },
  };
}

/** did:jwk: the identifier is the base64url of the public JWK. */
function didJwkDocument(did: string): Resolution<JsonObject> {
  const parsed = parseUntrustedJson(Buffer.from(did.slice('did:jwk:'.length), 'base64url').toString('utf8'), did);
  if (!parsed.ok || !isJsonObject(parsed.value) || 'd' in parsed.value) {
    return { ok: false, problem: invalid(`${did} does not encode a public JWK`) };
  }
  const id = `${did}#0`;
  return {
    ok: true,
    value: {
      id: did,
      verificationMethod: [{ id, type: 'JsonWebKey2020', controller: did, publicKeyJwk: parsed.value }],
      assertionMethod: [id],
    },
  };
}

/**
 * Resolves did:key and did:jwk locally and did:web through the Fetcher, reading the document as
 * plain JSON whatever its content type. The document must be about the DID that was asked for.
 */
export async function resolveDid(did: string, documents: DocumentSource): Promise<Resolution<JsonObject>> {
  if (did.startsWith('did:key:')) return didKeyDocument(did);
  if (did.startsWith('did:jwk:')) return didJwkDocument(did);
  if (!did.startsWith('did:web:')) return { ok: false, problem: invalid(`DID method of ${did} is not supported`) };
  if (!didWebDocumentUrl(did)) return { ok: false, problem: invalid(`${did} is not a well-formed did:web`) };
  // The DID itself goes to the Fetcher: only the adapter knows over which scheme its document is
  // served (https, or plain http for a host the operator allowed, or our own from the store).
  const fetched = await documents.json(did, 'DID document');
  if (!fetched.ok) return fetched;
  if (!isJsonObject(fetched.value))
    return { ok: false, problem: invalid(`the DID document of ${did} is not a JSON object`) };
  if (fetched.value['id'] !== did) {
    return {
      ok: false,
      problem: invalid(`the DID document of ${did} is about ${String(fetched.value['id'])}, not itself`),
    };
  }
  return { ok: true, value: fetched.value };
}

/** Resolves a relative reference (`#key-1`) against the document id. */
function absoluteId(id: string, base: string): string {
  return id.startsWith('#') ? `${base}${id}` : id;
}

/**
 * The verification method `id` in a DID or controller document: listed under
 * `verificationMethod`, or embedded in a verification relationship.
 */
export function findVerificationMethod(document: JsonObject, id: string): JsonObject | undefined {
  const base = idOf(document) ?? '';
  const candidates = [
    ...asArray(document['verificationMethod']),
    ...asArray(document['assertionMethod']),
    ...asArray(document['authentication']),
  ];
  for (const candidate of candidates) {
    if (!isJsonObject(candidate)) continue;
    const candidateId = idOf(candidate);
    if (candidateId !== undefined && absoluteId(candidateId, base) === id) return { ...candidate, id };
  }
  return undefined;
}

/** Absolute ids of the methods a controller authorises to make assertions (issue credentials). */
export function assertionMethodIds(document: JsonObject): string[] {
  const base = idOf(document) ?? '';
  return asArray(document['assertionMethod'])
    .map(idOf)
    .filter((id): id is string => id !== undefined)
    .map((id) => absoluteId(id, base));
}
