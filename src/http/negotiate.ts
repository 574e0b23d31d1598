import type { Request } from 'express';

export { MEDIA } from '../app/documents/publicDocuments.js';

/** True when a client prefers HTML (a browser) over JSON. */
export function wantsHtml(req: Request): boolean {
  return req.accepts(['html', 'json', 'application/ld+json']) === 'html';
}
