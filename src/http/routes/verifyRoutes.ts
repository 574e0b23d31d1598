import busboy from 'busboy';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response, Router } from 'express';
import type { Lang } from '../../app/awards/awardRecord.js';
import { badgeImageSource, httpLink } from '../../app/verify/reportView.js';
import {
  credentialInput,
  type FormProblem,
  imageInput,
  inputFromForm,
  MAX_RECIPIENT_LENGTH,
  MAX_UPLOAD_BYTES,
  urlInput,
  type VerifyForm,
} from '../../app/verify/verifyInput.js';
import type { VerifyBadgeUseCase } from '../../app/verify/verifyUseCase.js';
import type { UrlLayout } from '../../badges/urls.js';
import { VERIFY_LIMITS, type VerificationInput, type VerificationReport } from '../../badges/verify/index.js';
import { AccoladeError, isAccoladeError } from '../../errors.js';
import { MEDIA } from '../negotiate.js';
import { formatDate, messagesFor, pageLang } from '../pages/i18n.js';
import { renderPage } from '../pages/renderPage.js';
import {
  checkTitle,
  formatDateTime,
  formatLabel,
  type VerifyPageMessages,
  verdictText,
  verifyMessagesFor,
} from '../pages/verifyMessages.js';
import { publicRateLimit } from '../rateLimit.js';
import { validateBody } from '../validateBody.js';

export interface VerifyRouteDeps {
  readonly verifyBadge: VerifyBadgeUseCase;
  readonly urls: UrlLayout;
  /** RATE_LIMIT_PER_MINUTE: verifications per client IP per minute, API and page together; 0 = off. */
  readonly rateLimitPerMinute: number;
}

interface VerifyRequestBody {
  readonly url?: string;
  readonly credential?: string | Record<string, unknown>;
  readonly recipient?: string;
}

const JSON_TYPES = ['application/json', '+json'];
const IMAGE_TYPES = ['image/png', 'image/svg+xml'];
/** A compact JWS or VC-JWT as text (RFC 7519 §10.3.1 application/jwt, VC-JOSE-COSE application/vc+jwt). */
const TEXT_TYPES = ['text/plain', 'application/jwt', 'application/vc+jwt'];

/** The form's text fields; anything else is ignored. */
const FORM_FIELDS = new Set(['url', 'credential', 'recipient']);

/**
 * The verify page shows the badge's own image, which other issuers host on their servers:
 * the page's CSP lets images (only images) come from any https origin. Scripts stay 'self'.
 */
const PAGE_CSP =
  "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

function tooLarge(): AccoladeError {
  return new AccoladeError('payload_too_large', 'The request body is too large', {
    limitBytes: MAX_UPLOAD_BYTES,
  });
}

function hasBody(req: Request): boolean {
  return req.get('transfer-encoding') !== undefined || Number(req.get('content-length') ?? '0') > 0;
}

/** `?recipient=` for bodies that cannot carry it (images, JWS text). */
function recipientQuery(req: Request): string | undefined {
  const value = req.query['recipient'];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_RECIPIENT_LENGTH) {
    throw new AccoladeError('validation_failed', 'The recipient query parameter must be one email address', {
      errors: [{ path: '/recipient', message: `must be one string of 1 to ${MAX_RECIPIENT_LENGTH} characters` }],
    });
  }
  return value;
}

/** The API request, by Content-Type: JSON `{ url }` / `{ credential }`, a baked image, or JWS text. */
function apiInput(req: Request): VerificationInput {
  if (req.is(JSON_TYPES)) {
    const body = validateBody<VerifyRequestBody>('verify-request', req.body);
    return body.url !== undefined
      ? urlInput(body.url, body.recipient)
      : credentialInput(body.credential, body.recipient);
  }
  if (req.is(IMAGE_TYPES) && Buffer.isBuffer(req.body)) return imageInput(req.body, recipientQuery(req));
  if (req.is(TEXT_TYPES) && typeof req.body === 'string') return credentialInput(req.body, recipientQuery(req));
  if (!hasBody(req)) {
    throw new AccoladeError('validation_failed', 'Send a badge to verify', {
      errors: [{ path: '/', message: 'is required' }],
    });
  }
  throw new AccoladeError('unsupported_media_type', 'Send JSON, a baked PNG or SVG image, or a compact JWS as text', {
    accepted: ['application/json', ...IMAGE_TYPES, ...TEXT_TYPES],
  });
}

/**
 * Reads the page's multipart form with busboy, every part capped: the image at
 * MAX_UPLOAD_BYTES, each text field at the verifier's text limit. A capped part ends the read
 * at once with payload_too_large rather than reading the rest of an oversize upload.
 */
function readForm(req: Request): Promise<VerifyForm> {
  const declared = Number(req.get('content-length') ?? '0');
  if (declared > MAX_UPLOAD_BYTES + 2 * VERIFY_LIMITS.maxTextBytes) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let image: Buffer | undefined;
    let settled = false;
    const fail = (error: AccoladeError) => {
      if (settled) return;
      settled = true;
      req.unpipe();
      req.resume();
      reject(error);
    };
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { fileSize: MAX_UPLOAD_BYTES, fieldSize: VERIFY_LIMITS.maxTextBytes, files: 1, fields: 8, parts: 10 },
      });
    } catch {
      reject(new AccoladeError('unsupported_media_type', 'Send the form as multipart/form-data'));
      return;
    }
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(tooLarge());
      else if (FORM_FIELDS.has(name)) fields[name] = value;
    });
    parser.on('file', (name, stream) => {
      if (name !== 'image') {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(tooLarge()));
      stream.on('end', () => {
        image = Buffer.concat(chunks);
      });
    });
    for (const event of ['partsLimit', 'filesLimit', 'fieldsLimit'] as const) {
      parser.on(event, () => fail(new AccoladeError('validation_failed', 'The form has too many parts')));
    }
    parser.on('error', () => fail(new AccoladeError('validation_failed', 'The form could not be read')));
    parser.on('close', () => {
      if (settled) return;
      settled = true;
      resolve({
        ...(fields['url'] === undefined ? {} : { url: fields['url'] }),
        ...(fields['credential'] === undefined ? {} : { credential: fields['credential'] }),
        ...(fields['recipient'] === undefined ? {} : { recipient: fields['recipient'] }),
        ...(image === undefined ? {} : { image }),
      });
    });
    req.pipe(parser);
  });
}

/** A date from a badge, formatted for the reader; a badge's malformed date is shown as it is. */
function shownDate(value: string | undefined, lang: Lang): string | undefined {
  if (value === undefined) return undefined;
  return Number.isNaN(Date.parse(value)) ? value : formatDate(value, lang);
}

/** The report as the page template shows it, in the reader's language. */
function reportView(report: VerificationReport, lang: Lang, v: VerifyPageMessages, upload?: Buffer) {
  const badge = report.badge;
  const expired =
    badge?.expires !== undefined && Date.parse(badge.expires) <= Date.parse(report.verifiedAt || badge.expires);
  return {
    status: report.status,
    verdict: verdictText(lang, report.status),
    format: formatLabel(lang, report.format),
    verifiedAt: report.verifiedAt === '' ? undefined : formatDateTime(report.verifiedAt, lang),
    checks: report.checks.map((check) => ({ ...check, title: checkTitle(lang, check.id) })),
    imageSource: badgeImageSource(report, upload),
    badge:
      badge === undefined
        ? undefined
        : {
            name: badge.name ?? v.unnamed,
            description: badge.description,
            issuerName: badge.issuer.name ?? badge.issuer.url,
            issuerUrl: httpLink(badge.issuer.url),
            issuedOn: shownDate(badge.issuedOn, lang),
            expiresLabel: expired ? v.expired : v.expires,
            expires: shownDate(badge.expires, lang) ?? v.neverExpires,
            recipientMatch: badge.recipientMatch === undefined ? undefined : badge.recipientMatch ? v.yes : v.no,
          },
  };
}

interface PageState {
  readonly form?: VerifyForm;
  readonly report?: VerificationReport;
  readonly upload?: Buffer;
  readonly problem?: FormProblem | 'tooLarge' | 'rateLimited' | 'unreadable';
}

const PROBLEM_TEXT = {
  empty: 'problemEmpty',
  several: 'problemSeveral',
  tooLarge: 'problemTooLarge',
  rateLimited: 'problemRateLimited',
  unreadable: 'problemUnreadable',
} as const satisfies Record<NonNullable<PageState['problem']>, keyof VerifyPageMessages>;

/**
 * `POST /api/v1/verify` (public, rate limited) and the bilingual `/verify` page: a plain HTML
 * form (no script: the CSP allows none inline), `GET /verify?url=` verifying at once (badge
 * pages link there), and a multipart POST for a pasted badge or an uploaded image.
 */
export function verifyRoutes(deps: VerifyRouteDeps): Router {
  const router = Router();
  const mount = deps.urls.mount;
  // One budget per client IP for the API and the page together: both make us fetch and verify.
  const limit = publicRateLimit(deps.rateLimitPerMinute);

  function renderVerifyPage(req: Request, res: Response, status: number, state: PageState): void {
    const lang = pageLang(req);
    const v = verifyMessagesFor(lang);
    res.setHeader('Content-Security-Policy', PAGE_CSP);
    res.setHeader('Cache-Control', 'no-store');
    res
      .status(status)
      .type(MEDIA.html)
      .send(
        renderPage('verify', {
          lang,
          t: messagesFor(lang),
          v,
          base: mount,
          title: state.report?.badge?.name ?? v.title,
          action: `${mount}/verify?lang=${lang}`,
          // The language switch keeps a verified URL, so the result shows again in the other language.
          otherLangQuery: new URLSearchParams({
            lang: lang === 'fr' ? 'en' : 'fr',
            ...(state.form?.url ? { url: state.form.url } : {}),
          }).toString(),
          form: {
            url: state.form?.url ?? '',
            credential: state.form?.credential ?? '',
            recipient: state.form?.recipient ?? '',
          },
          maxRecipientLength: MAX_RECIPIENT_LENGTH,
          problem:
            state.problem === undefined ? undefined : { kind: state.problem, text: v[PROBLEM_TEXT[state.problem]] },
          report: state.report === undefined ? undefined : reportView(state.report, lang, v, state.upload),
        }),
      );
  }

  router.post(
    '/api/v1/verify',
    limit,
    express.raw({ type: IMAGE_TYPES, limit: MAX_UPLOAD_BYTES }),
    express.text({ type: TEXT_TYPES, limit: VERIFY_LIMITS.maxTextBytes }),
    async (req, res) => {
      const report = await deps.verifyBadge(apiInput(req));
      res.setHeader('Cache-Control', 'no-store');
      res.json(report);
    },
  );

  // Showing the empty form costs nothing; verifying a URL from the query counts against the limit.
  const limitWhenVerifying: RequestHandler = (req, res, next) =>
    typeof req.query['url'] === 'string' ? limit(req, res, next) : next();

  router.get('/verify', limitWhenVerifying, async (req, res) => {
    const url = typeof req.query['url'] === 'string' ? req.query['url'] : undefined;
    const recipient = typeof req.query['recipient'] === 'string' ? req.query['recipient'] : undefined;
    const form: VerifyForm = {
      ...(url === undefined ? {} : { url }),
      ...(recipient === undefined ? {} : { recipient }),
    };
    if (url === undefined || url.trim() === '') {
      renderVerifyPage(req, res, 200, { form });
      return;
    }
    const given = inputFromForm(form);
    if (!given.ok) {
      renderVerifyPage(req, res, 400, { form, problem: given.problem });
      return;
    }
    renderVerifyPage(req, res, 200, { form, report: await deps.verifyBadge(given.input) });
  });

  router.post('/verify', limit, async (req, res) => {
    const form = await readForm(req);
    const given = inputFromForm(form);
    const { image: _image, ...shown } = form;
    if (!given.ok) {
      renderVerifyPage(req, res, 400, { form: shown, problem: given.problem });
      return;
    }
    const report = await deps.verifyBadge(given.input);
    renderVerifyPage(req, res, 200, {
      form: shown,
      report,
      ...(form.image === undefined ? {} : { upload: form.image }),
    });
  });

  // The page answers its refusals as a page a person can read, not as the API's JSON.
  const pageErrors: ErrorRequestHandler = (error, req, res, next) => {
    if (!isAccoladeError(error)) {
      next(error);
      return;
    }
    if (error.code === 'rate_limited') {
      res.setHeader('Retry-After', String(error.details?.['retryAfterSeconds'] ?? 60));
      renderVerifyPage(req, res, 429, { problem: 'rateLimited' });
    } else if (error.code === 'payload_too_large') {
      res.setHeader('Connection', 'close');
      renderVerifyPage(req, res, 413, { problem: 'tooLarge' });
    } else if (error.code === 'validation_failed' || error.code === 'unsupported_media_type') {
      renderVerifyPage(req, res, 400, { problem: 'unreadable' });
    } else {
      next(error);
    }
  };
  router.use('/verify', pageErrors);

  return router;
}
