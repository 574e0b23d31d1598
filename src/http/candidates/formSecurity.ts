import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { mountPath } from '../../badges/urls.js';

/**
 * Cookies and cross-site request checks of the candidate's pages. Every form carries a CSRF token
 * (double submit: the same random value in an HttpOnly cookie and in the form) and every post
 * must come from PUBLIC_URL's origin (`Origin` header, sent by browsers on every POST). A post
 * missing either is refused with 403 and changes nothing.
 */
export const SESSION_COOKIE = 'accolade_session';
export const CSRF_COOKIE = 'accolade_csrf';

export interface CookiePolicy {
  /** PUBLIC_URL's origin, e.g. `https://badges.example.org`. */
  readonly origin: string;
  /** Secure cookies when PUBLIC_URL is https. */
  readonly secure: boolean;
  /** PUBLIC_URL's path, or `/`. */
  readonly path: string;
}

export function cookiePolicy(publicUrl: string): CookiePolicy {
  const url = new URL(publicUrl);
  return { origin: url.origin, secure: url.protocol === 'https:', path: mountPath(publicUrl) || '/' };
}

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

export function setCookie(
  res: Response,
  policy: CookiePolicy,
  name: string,
  value: string,
  maxAgeMs: number | undefined,
): void {
  res.cookie(name, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: policy.secure,
    path: policy.path,
    ...(maxAgeMs === undefined ? {} : { maxAge: maxAgeMs }),
  });
}

const CSRF_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The CSRF token for the forms of this page: the visitor's cookie, or a new one set now. */
export function csrfTokenFor(req: Request, res: Response, policy: CookiePolicy): string {
  const existing = readCookie(req, CSRF_COOKIE);
  if (existing !== undefined && CSRF_SHAPE.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  setCookie(res, policy, CSRF_COOKIE, token, undefined);
  return token;
}

/** Whether a form post comes from our own pages: the right Origin and the cookie's CSRF token. */
export function isSameSitePost(req: Request, policy: CookiePolicy): boolean {
  if (req.get('origin') !== policy.origin) return false;
  const cookie = readCookie(req, CSRF_COOKIE);
  const sent = (req.body as Record<string, unknown> | undefined)?.['csrf'];
  if (cookie === undefined || typeof sent !== 'string' || !CSRF_SHAPE.test(cookie) || sent.length !== cookie.length) {
    return false;
  }
  return timingSafeEqual(Buffer.from(sent), Buffer.from(cookie));
}
