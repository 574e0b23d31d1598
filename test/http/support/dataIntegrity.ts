// An independent check of the service's Data Integrity proofs: @digitalbazaar/vc's verifier,
// resolving the issuer's did:web over HTTP like any verifier would, with the spec's contexts.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { expect } from 'chai';
import { fetchJson } from './api.js';
import { type DocumentLoader, specContextLoader } from './specDocuments.js';

export interface DidDocument {
  readonly '@context': readonly string[];
  readonly id: string;
  readonly controller?: string;
  readonly verificationMethod: readonly { id: string; type: string; controller: string; publicKeyMultibase: string }[];
  readonly assertionMethod: readonly string[];
}

/**
 * did:web → the URL of its DID document (did:web method §Read): colons become slashes,
 * percent-encoding is undone, and a bare host gets `/.well-known`. The scheme is a parameter
 * because the test service listens on plain http.
 */
export function didWebDocumentUrl(did: string, scheme: 'https' | 'http' = 'https'): string {
  const [method, name, host, ...path] = did.split(':');
  if (method !== 'did' || name !== 'web' || host === undefined) throw new Error(`${did} is not a did:web DID`);
  const segments = [decodeURIComponent(host), ...path.map(decodeURIComponent)];
  return `${scheme}://${segments.join('/')}${path.length === 0 ? '/.well-known' : ''}/did.json`;
}

/** The issuer's DID document, fetched from where its did:web DID says, as application/did+json. */
export function fetchDidDocument(did: string): Promise<DidDocument> {
  return fetchJson<DidDocument>(didWebDocumentUrl(did, 'http'), 'application/did+json');
}

/**
 * The official contexts; a DID and its verification methods (DID URLs with a fragment)
 * from the DID document served over HTTP; nothing else.
 */
export function didWebLoader(): DocumentLoader {
  return async (url) => {
    if (!url.startsWith('did:web:')) return specContextLoader(url);
    const [did, fragment] = url.split('#');
    const document = await fetchDidDocument(did!);
    if (fragment === undefined) return { contextUrl: null, documentUrl: url, document };
    const method = document.verificationMethod.find((candidate) => candidate.id === url);
    if (method === undefined) throw new Error(`${url} is not in the DID document of ${did}`);
    return {
      contextUrl: null,
      documentUrl: url,
      document: { '@context': 'https://w3id.org/security/multikey/v1', ...method },
    };
  };
}

/** Reads the OB 3.0 revocation list the credential names, as a status check for vc.verifyCredential. */
async function checkRevocationList({ credential }: { credential: { id: string; credentialStatus: { id: string } } }) {
  const list = await fetchJson<{ revokedCredential: { id: string; revoked?: boolean }[] }>(
    credential.credentialStatus.id,
    'application/json',
  );
  const entry = list.revokedCredential.find((revoked) => revoked.id === credential.id);
  return { verified: entry === undefined || entry.revoked === false };
}

export interface DataIntegrityOutcome {
  readonly verified: boolean;
  readonly statusVerified?: boolean;
  readonly error?: string;
}

/** `eddsa-rdfc-2022` proof verification at the given time, with the revocation list checked. */
export async function verifyDataIntegrity(credential: object, now: Date): Promise<DataIntegrityOutcome> {
  const result = await vc.verifyCredential({
    credential: structuredClone(credential),
    suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
    documentLoader: didWebLoader(),
    checkStatus: checkRevocationList,
    now,
  });
  const error = result.error?.errors?.[0] ?? result.error ?? result.results?.[0]?.error;
  return {
    verified: result.verified === true,
    ...(result.statusResult === undefined ? {} : { statusVerified: result.statusResult.verified === true }),
    ...(result.verified === true ? {} : { error: String(error?.message ?? error) }),
  };
}

/** Asserts that the credential verifies and shows why when it does not. */
export async function expectVerifiedCredential(credential: object, now: Date): Promise<void> {
  const outcome = await verifyDataIntegrity(credential, now);
  expect(outcome.verified, outcome.error).to.equal(true);
}
