import { hash } from 'node:crypto';

/** The etag package's tag of an empty body. */
const EMPTY_ETAG = '"0-2jmj7l5rSw0yVb/vlWAYkK/YBwk"';

/**
 * Express's strong ETag, exactly as its `etag: 'strong'` setting makes it (the etag package's
 * `"<length in hex>-<first 27 characters of the base64 SHA-1>"`), without its per-answer costs:
 * a text body is hashed as it is rather than copied into a Buffer first, with the one-shot hash.
 */
export function strongEtag(body: string | Buffer, encoding?: BufferEncoding): string {
  const entity =
    typeof body === 'string' && encoding !== undefined && encoding !== 'utf8' && encoding !== 'utf-8'
      ? Buffer.from(body, encoding)
      : body;
  if (entity.length === 0) return EMPTY_ETAG;
  const length = typeof entity === 'string' ? Buffer.byteLength(entity, 'utf8') : entity.length;
  return `"${length.toString(16)}-${hash('sha1', entity, 'base64').slice(0, 27)}"`;
}
