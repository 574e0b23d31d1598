import type { Fetcher } from '../../ports/fetcher.js';

/**
 * The did:web DID whose document lives at `url` (did:web method §3.2.1 Read, backwards): the host
 * (a port as `%3A`), then each path segment; `/.well-known/did.json` means no path. Undefined
 * for any URL that is not a DID document location.
 */
export function didWebOfDocumentUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' || parsed.search !== '' || parsed.hash !== '' || parsed.username !== '') {
    return undefined;
  }
  const segments = parsed.pathname.split('/').slice(1);
  if (segments.at(-1) !== 'did.json' || segments.slice(0, -1).some((segment) => segment === '')) return undefined;
  const path = segments.length === 2 && segments[0] === '.well-known' ? [] : segments.slice(0, -1);
  try {
    const host = encodeURIComponent(parsed.host);
    return ['did:web', host, ...path.map((segment) => encodeURIComponent(decodeURIComponent(segment)))].join(':');
  } catch {
    return undefined;
  }
}

/**
 * The verifier turns a did:web DID into its https document URL itself (did:web §3.2), but only
 * the fetchers know where a DID really lives: the own-documents fetcher answers our DID from the
 * store even when PUBLIC_URL is plain http (a local deployment), and the safe fetcher reads an
 * operator-allowed host's DID document over plain http (VERIFY_ALLOWED_HOSTS). So a DID document
 * URL is handed back to the fetcher as its DID. For any other host the fetcher resolves the DID
 * to the very same https URL, so nothing changes for strangers' badges.
 */
export function withDidWebByIdentifier(fetcher: Fetcher): Fetcher {
  return (url, init) => fetcher(didWebOfDocumentUrl(url) ?? url, init);
}
