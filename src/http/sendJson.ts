import type { Response } from 'express';
import { strongEtag } from './etag.js';

/**
 * `res.status(status).json(body)` for the answer to a request other than GET or HEAD, with the
 * same status, headers (Content-Type, Content-Length, the application's strong ETag) and bytes,
 * without Express's per-answer work that only a GET or HEAD needs (freshness, a 304) or that
 * finds what is already known (the content type's charset, the application's settings: this
 * application sets no JSON replacer, spaces or escaping). A GET or HEAD goes to Express.
 */
export function sendJson(res: Response, status: number, body: unknown): void {
  const method = res.req.method;
  if (method === 'GET' || method === 'HEAD') {
    res.status(status).json(body);
    return;
  }
  const text = JSON.stringify(body);
  res.statusCode = status;
  if (!res.hasHeader('Content-Type')) res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text, 'utf8'));
  if (!res.hasHeader('ETag')) res.setHeader('ETag', strongEtag(text));
  res.end(text, 'utf8');
}
