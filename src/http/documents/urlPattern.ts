import { match } from 'path-to-regexp';
import type { UrlLayout } from '../../badges/urls.js';

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A route of the URL layout, matched against absolute URLs: `:name` segments capture, decoded. */
export interface UrlPattern {
  match(url: URL): Record<string, string> | undefined;
}

/**
 * Compiles a route path (relative to PUBLIC_URL's path, path-to-regexp syntax as Express reads
 * it) into a matcher of absolute URLs on PUBLIC_URL's origin, so the in-process fetcher finds
 * exactly the route Express would.
 */
export function compilePattern(urls: UrlLayout, path: string): UrlPattern {
  const origin = new URL(urls.base).origin;
  const matchPath = match<Record<string, string>>(path, { decode: safeDecode });
  return {
    match(url) {
      if (url.origin !== origin || !url.pathname.startsWith(`${urls.mount}/`)) return undefined;
      const found = matchPath(url.pathname.slice(urls.mount.length));
      return found === false ? undefined : { ...found.params };
    },
  };
}
