import { type ErrorRequestHandler, type Request, type RequestHandler, type Response, Router } from 'express';
import { inputFromForm, type VerifyForm } from '../../app/verify/verifyInput.js';
import type { VerifyBadgeUseCase } from '../../app/verify/verifyUseCase.js';
import { isAccoladeError } from '../../errors.js';
import { MEDIA } from '../negotiate.js';
import { pageLang } from '../pages/i18n.js';
import { renderPage } from '../pages/renderPage.js';
import { readVerifyForm } from './readVerifyForm.js';
import { type PageState, verifyPageView } from './verifyPageView.js';

/**
 * The verify page shows the badge's own image, which other issuers host on their servers:
 * the page's CSP lets images (only images) come from any https origin. Scripts stay 'self'.
 */
const PAGE_CSP =
  "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * The bilingual `/verify` page: a plain HTML form (no script: the CSP allows none inline),
 * `GET /verify?url=` verifying at once (badge pages link there), and a multipart POST for a
 * pasted badge or an uploaded image.
 */
export function verifyPageRoutes(deps: {
  readonly verifyBadge: VerifyBadgeUseCase;
  /** PUBLIC_URL's path, which the page's links and form start with. */
  readonly mount: string;
  /** The rate limit shared with the API. */
  readonly limit: RequestHandler;
}): Router {
  const router = Router();
  const { limit } = deps;

  function renderVerifyPage(req: Request, res: Response, status: number, state: PageState): void {
    res.setHeader('Content-Security-Policy', PAGE_CSP);
    res.setHeader('Cache-Control', 'no-store');
    res
      .status(status)
      .type(MEDIA.html)
      .send(renderPage('verify', verifyPageView(pageLang(req), deps.mount, state)));
  }

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
    const form = await readVerifyForm(req);
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
