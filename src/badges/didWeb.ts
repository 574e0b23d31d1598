const DID_WEB_PREFIX = 'did:web:';

/**
 * The https URL of a did:web DID's document (did:web method specification §3.2.1 Read): the
 * method-specific id's first segment is the host (a port percent-encoded as `%3A`), later
 * segments are path segments; `/did.json` is appended, or `/.well-known/did.json` when there is
 * no path. A DID URL's fragment or query (`did:web:example.com#key-0`) is not part of the DID.
 * Undefined when `did` is not a well-formed did:web.
 */
export function didWebDocumentUrl(did: string): string | undefined {
  const bare = did.split(/[#?]/, 1)[0]!;
  if (!bare.startsWith(DID_WEB_PREFIX)) return undefined;
  const [encodedHost = '', ...path] = bare.slice(DID_WEB_PREFIX.length).split(':');
  try {
    const host = decodeURIComponent(encodedHost);
    if (host === '' || /[/?#@\\]/.test(host) || path.some((segment) => segment === '')) return undefined;
    const suffix = path.length === 0 ? '/.well-known/did.json' : `/${path.join('/')}/did.json`;
    return new URL(`https://${host}${suffix}`).href;
  } catch {
    return undefined;
  }
}

export function isDidWeb(value: string): boolean {
  return value.startsWith(DID_WEB_PREFIX);
}
