import express, { type Request, type RequestHandler } from 'express';
import { AccoladeError } from '../errors.js';

/** JSON and every JSON-LD flavour (a verifier may post a credential as application/ld+json). */
export const JSON_MEDIA_TYPES = [
  'application/json',
  'application/ld+json',
  'application/vc+ld+json',
  'application/*+json',
];

/** Whether the request carries a body at all (RFC 9112 §6.3: a length or a transfer coding). */
export function hasBody(req: Request): boolean {
  return req.get('transfer-encoding') !== undefined || Number(req.get('content-length') ?? '0') > 0;
}

/**
 * The JSON body of an authenticated route, parsed only once the route's own guards (the API
 * key) have passed, so no stranger makes the service read and parse a megabyte. A body of any
 * other type is refused with 415 `unsupported_media_type` rather than read as nothing; a request
 * without a body passes, for the route's schema to judge (an optional body stays optional).
 */
export function jsonBody(limitBytes: number): RequestHandler {
  const parse = express.json({ type: JSON_MEDIA_TYPES, limit: limitBytes, strict: true });
  return (req, res, next) => {
    if (hasBody(req) && !req.is(JSON_MEDIA_TYPES)) {
      next(
        new AccoladeError('unsupported_media_type', 'Send the request body as application/json', {
          contentType: req.get('content-type') ?? null,
        }),
      );
      return;
    }
    parse(req, res, next);
  };
}
