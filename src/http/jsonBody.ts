import type { IncomingMessage } from 'node:http';
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

/** The Content-Type spellings the plain reader takes: JSON in UTF-8, said or implied. */
const PLAIN_CONTENT_TYPES = new Set([
  'application/json',
  'application/json; charset=utf-8',
  'application/json;charset=utf-8',
]);

/** A failure as body-parser reports it: a `type` the error handler turns into our code. */
function parserError(type: string, status: number, message: string): Error {
  return Object.assign(new Error(message), { type, status, statusCode: status, expose: status < 500 });
}

/**
 * The body as body-parser's strict JSON parser makes it: UTF-8 without its byte order mark, an
 * object or an array at the top (an empty text is `{}`), any other text `entity.parse.failed`.
 */
function parseStrictJson(bytes: Buffer): unknown {
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length === 0) return {};
  const first = /^[ \t\n\r]*(.)/s.exec(text)?.[1];
  if (first !== '{' && first !== '[')
    throw parserError('entity.parse.failed', 400, 'The body is not a JSON object or array');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw parserError('entity.parse.failed', 400, (error as Error).message);
  }
}

/**
 * The declared length of a request body-parser would read as is, when the plain reader can take
 * it: JSON in UTF-8 (no other charset to decode), no content coding to inflate, a length given
 * and within the limit, not read yet. Anything else goes to body-parser.
 */
function plainLength(req: IncomingMessage, limitBytes: number): number | undefined {
  const { headers } = req;
  if (headers['content-encoding'] !== undefined || headers['transfer-encoding'] !== undefined) return undefined;
  const type = headers['content-type'];
  if (type === undefined || !PLAIN_CONTENT_TYPES.has(type.toLowerCase())) return undefined;
  const declared = headers['content-length'];
  if (declared === undefined || !/^[0-9]{1,15}$/.test(declared)) return undefined;
  const length = Number(declared);
  if (length === 0 || length > limitBytes || req.readableEnded || req.complete) return undefined;
  return length;
}

/**
 * Reads a body of `length` bytes and parses it as body-parser would, with the same failures (by
 * `type`) in the same cases, without its per-request set-up (content-type parsing, charset
 * decoding streams, stream wrappers). Node's parser never gives more than the declared length;
 * a request that ends short of it was aborted.
 */
function readPlainJson(req: IncomingMessage, length: number, done: (error?: unknown, body?: unknown) => void): void {
  const chunks: Buffer[] = [];
  let received = 0;
  let settled = false;
  const finish = (error?: unknown, body?: unknown) => {
    if (settled) return;
    settled = true;
    req.removeListener('data', onData);
    req.removeListener('end', onEnd);
    req.removeListener('aborted', onAborted);
    req.removeListener('close', onClose);
    req.removeListener('error', onError);
    done(error, body);
  };
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    chunks.push(chunk);
  };
  const onEnd = () => {
    if (received !== length) {
      finish(parserError('request.size.invalid', 400, 'The request body did not match its Content-Length'));
      return;
    }
    let body: unknown;
    try {
      body = parseStrictJson(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));
    } catch (error) {
      finish(error);
      return;
    }
    finish(undefined, body);
  };
  // A client gone before the end of its body: Node says `aborted`, then an `error` (ECONNRESET)
  // and `close`; body-parser answers it as `request.aborted`, and so does this reader.
  const aborted = () => parserError('request.aborted', 400, 'The request was aborted');
  const onAborted = () => finish(aborted());
  const onClose = () => finish(aborted());
  const onError = (error: unknown) => finish(req.complete ? error : aborted());
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('aborted', onAborted);
  req.on('close', onClose);
  req.on('error', onError);
}

/**
 * The JSON body of an authenticated route, parsed only once the route's own guards (the API
 * key) have passed, so no stranger makes the service read and parse a megabyte. A body of any
 * other type is refused with 415 `unsupported_media_type` rather than read as nothing; a request
 * without a body passes, for the route's schema to judge (an optional body stays optional).
 * Plain UTF-8 JSON with a length (what issuing systems send) is read without body-parser's
 * per-request machinery (readPlainJson); everything else goes through body-parser.
 * `onPlainRead` is told of each body read that way (tests use it to know which reader ran).
 */
export function jsonBody(limitBytes: number, onPlainRead?: () => void): RequestHandler {
  const parse = express.json({ type: JSON_MEDIA_TYPES, limit: limitBytes, strict: true });
  return (req, res, next) => {
    const length = plainLength(req, limitBytes);
    if (length !== undefined) {
      onPlainRead?.();
      readPlainJson(req, length, (error, body) => {
        if (error !== undefined) {
          next(error);
          return;
        }
        req.body = body;
        next();
      });
      return;
    }
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
