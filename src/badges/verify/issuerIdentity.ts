import { didWebDocumentUrl } from '../didWeb.js';
import type { CheckId } from './checks.js';
import type { VerificationCheck } from './report.js';

/**
 * The domain that vouches for an issuer id: a did:web DID's host (its document is served there)
 * or an https id's host, with the port when it is not the default. Anything else (did:key,
 * did:jwk, urn:, plain http) is tied to no domain: a key anyone can make proves no one's name.
 */
export function issuerDomain(issuerId: string | undefined): string | null {
  if (issuerId === undefined) return null;
  const url = issuerId.startsWith('did:web:') ? didWebDocumentUrl(issuerId) : issuerId;
  if (url === undefined || !/^https:\/\//i.test(url)) return null;
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}

/** The checks that tie the key or the hosted documents to the issuer id the badge names. */
const IDENTITY_CHECKS: readonly CheckId[] = [
  'proof.key',
  'proof.signature',
  'proof.key_controller',
  'ob2.signature',
  'ob2.key_ownership',
  'ob2.hosted_fetch',
  'ob2.origin',
  'verifier.error',
];

/** The checks of which at least one must have passed: a signature, or documents fetched from their ids. */
const BINDING_CHECKS: readonly CheckId[] = ['proof.key_controller', 'ob2.key_ownership', 'ob2.hosted_fetch'];

/**
 * Whether the badge's issuer id is proven: the signature's key belongs to it (or, for a hosted
 * OB 2.0 assertion, its documents were fetched from their own ids) and nothing that binds them
 * failed. Revocation, dates and the recipient say nothing about who issued the badge.
 */
export function issuerIdentityProven(checks: readonly VerificationCheck[]): boolean {
  if (checks.some((check) => !check.ok && IDENTITY_CHECKS.includes(check.id))) return false;
  return checks.some((check) => check.ok && BINDING_CHECKS.includes(check.id));
}
