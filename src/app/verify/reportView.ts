import type { VerificationReport } from '../../badges/verify/index.js';
import { isPng } from './verifyInput.js';

/** Raster images a browser shows inertly; an SVG may carry script and is never inlined. */
const SAFE_DATA_IMAGE = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+=*$/;

/**
 * A URL taken from a badge, kept only when it is http(s): anything else (javascript:, data:,
 * file:, relative) is shown as text, never as a link, since the badge is a stranger's text.
 */
export function httpLink(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What the verify page shows as the badge's picture: the uploaded image itself when it is a PNG
 * (as a data: URL, so nothing is stored), else the badge's own image when it is an http(s) URL or
 * a raster data: URL. An uploaded or embedded SVG is never inlined.
 */
export function badgeImageSource(report: VerificationReport, upload?: Buffer): string | undefined {
  if (upload !== undefined && isPng(upload)) return `data:image/png;base64,${upload.toString('base64')}`;
  const image = report.badge?.image;
  if (image === undefined) return undefined;
  if (SAFE_DATA_IMAGE.test(image)) return image;
  return httpLink(image);
}
