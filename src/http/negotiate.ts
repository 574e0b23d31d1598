import type { Request } from 'express';

/** Media types of the published documents and pages. */
export const MEDIA = {
  ldJson: 'application/ld+json',
  json: 'application/json',
  vcLdJson: 'application/vc+ld+json',
  jwk: 'application/jwk+json',
  jwks: 'application/jwk-set+json',
  didJson: 'application/did+json',
  text: 'text/plain; charset=utf-8',
  png: 'image/png',
  svg: 'image/svg+xml',
  html: 'text/html; charset=utf-8',
} as const;

/** The client's pick among media types (Express `req.accepts()`), false when it takes none. */
export type AcceptsFn = (types: string[]) => string | false;

/**
 * OB 2.0 hosted documents: `application/ld+json` by default, `application/json` when the client
 * prefers it (docs/open-badges.md A3).
 */
export function ob2MediaType(accepts: AcceptsFn): string {
  return accepts([MEDIA.ldJson, MEDIA.json]) === MEDIA.json ? MEDIA.json : MEDIA.ldJson;
}

/** True when a client prefers HTML (a browser) over JSON. */
export function wantsHtml(req: Request): boolean {
  return req.accepts(['html', 'json', 'application/ld+json']) === 'html';
}
