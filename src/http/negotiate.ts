import type { Request } from 'express';

/** Content types the service serves, one place for the exact strings (issue: "Content types"). */
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

/**
 * OB 2.0 hosted documents: `application/ld+json` by default, `application/json` when that is the
 * only JSON type the client accepts (open-badges.md A3).
 */
export function ob2ContentType(req: Request): string {
  const accept = req.get('accept') ?? '';
  if (/application\/json/.test(accept) && !/application\/ld\+json/.test(accept) && !/\*\/\*/.test(accept)) {
    return MEDIA.json;
  }
  return MEDIA.ldJson;
}

/** True when a client prefers HTML (a browser) over JSON. */
export function wantsHtml(req: Request): boolean {
  return req.accepts(['html', 'json', 'application/ld+json']) === 'html';
}

/** Serialises with the exact media type (res.json would replace it with application/json). */
export function sendJson(res: import('express').Response, mediaType: string, body: unknown, status = 200): void {
  res.status(status).type(mediaType).send(JSON.stringify(body));
}
