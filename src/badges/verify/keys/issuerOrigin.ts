import { didWebDocumentUrl } from '../../didWeb.js';
import { isHttpUrl } from '../json/values.js';

/**
 * The web origins an issuer id speaks for (docs/open-badges.md B5): an http(s) issuer id its own
 * origin; a did:web DID the origin of its host, as the DID document is read: https, or plain
 * http, which only a Fetcher that allows the host (VERIFY_ALLOWED_HOSTS, or our own PUBLIC_URL
 * answered in-process) will ever fetch, as it does for the DID document itself. Other DIDs
 * (did:key, did:jwk) have no origin.
 */
export function issuerOrigins(issuerId: string): string[] {
  if (isHttpUrl(issuerId)) {
    try {
      return [new URL(issuerId).origin];
    } catch {
      return [];
    }
  }
  if (!issuerId.startsWith('did:web:')) return [];
  const documentUrl = didWebDocumentUrl(issuerId);
  if (!documentUrl) return [];
  const secure = new URL(documentUrl);
  const plain = new URL(documentUrl.replace(/^https:/, 'http:'));
  return [secure.origin, plain.origin];
}

/**
 * `https://{authority of issuer.id}/.well-known/jwks.json`, where an issuer publishes its JWT
 * keys (SPEC impl/recommended-practices.md §Key provenance); undefined for an issuer without origin.
 */
export function issuerJwksUrl(issuerId: string): string | undefined {
  const [origin] = issuerOrigins(issuerId);
  return origin === undefined ? undefined : `${origin}/.well-known/jwks.json`;
}
