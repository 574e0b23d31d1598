import { fetchBlocked } from './fetchErrors.js';
import type { HostAllowance } from './hostAllowance.js';

export const DID_WEB_PREFIX = 'did:web:';

/**
 * The URL of a did:web DID document (did:web method specification §3.2.1 Read): the method
 * specific id's first segment is the host (a port percent-encoded as `%3A`), later segments are
 * path segments; `/did.json` is appended, or `/.well-known/did.json` when there is no path.
 * did:web means https, except for hosts the operator allowed (VERIFY_ALLOWED_HOSTS), which are
 * fetched over plain http so a test issuer on the local network works.
 * A DID URL's fragment or query (`did:web:example.com#key-0`) is not part of the DID.
 */
export function didWebDocumentUrl(didUrl: string, allowance: HostAllowance): URL {
  const did = didUrl.split(/[#?]/, 1)[0]!;
  const [encodedHost = '', ...path] = did.slice(DID_WEB_PREFIX.length).split(':');
  let url: URL | undefined;
  try {
    const host = decodeURIComponent(encodedHost);
    if (host !== '' && !/[/?#@\\]/.test(host) && path.every((segment) => segment !== '')) {
      const suffix = path.length === 0 ? '/.well-known/did.json' : `/${path.join('/')}/did.json`;
      url = new URL(`https://${host}${suffix}`);
    }
  } catch {
    url = undefined;
  }
  if (!did.startsWith(DID_WEB_PREFIX) || url === undefined) {
    throw fetchBlocked('invalid_url', didUrl, 'not a valid did:web identifier');
  }
  const plain = new URL(url.href.replace(/^https:/, 'http:'));
  return allowance.allows(plain) ? plain : url;
}
