import { didWebDocumentUrl as didWebUrlOf } from '../../badges/didWeb.js';
import { fetchBlocked } from './fetchErrors.js';
import type { HostAllowance } from './hostAllowance.js';

/**
 * Where the safe fetcher reads a did:web DID's document: its https URL (badges/didWeb.ts), or
 * plain http for a host the operator allowed (VERIFY_ALLOWED_HOSTS), so a test issuer on the
 * local network works.
 */
export function didWebDocumentUrl(didUrl: string, allowance: HostAllowance): URL {
  const https = didWebUrlOf(didUrl);
  if (https === undefined) throw fetchBlocked('invalid_url', didUrl, 'not a valid did:web identifier');
  const url = new URL(https);
  const plain = new URL(url.href.replace(/^https:/, 'http:'));
  return allowance.allows(plain) ? plain : url;
}
