import { extractFromPng } from './extractFromPng.js';
import { extractFromSvg } from './extractFromSvg.js';
import {
  type BakedFormat,
  type ExtractionLimits,
  extractionFailure,
  type ImageExtractionErrorCode,
  type NotFound,
} from './extraction.js';
import { hasPngSignature } from './pngChunks.js';

export type ImageExtraction =
  | NotFound<ImageExtractionErrorCode>
  | {
      readonly found: true;
      readonly image: 'png' | 'svg';
      readonly format: BakedFormat;
      /**
       * What the image carries: the PNG text, or for SVG the `verify` attribute when there is
       * no body (a JWS / VC-JWT) and the body otherwise (assertion or credential JSON).
       */
      readonly payload: string;
    };

const SNIFF_BYTES = 1024;

/** A byte order mark, then whitespace, then `<`: the start of an XML document. */
function looksLikeXml(bytes: Buffer): boolean {
  const head = bytes
    .subarray(0, SNIFF_BYTES)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  return head.trimStart().startsWith('<');
}

/**
 * Reads a baked badge from an uploaded image whatever its type, sniffed from its bytes
 * rather than trusted from a file name or Content-Type. Never throws.
 */
export function extractFromImage(bytes: Buffer, limits: ExtractionLimits = {}): ImageExtraction {
  if (hasPngSignature(bytes)) {
    const png = extractFromPng(bytes, limits);
    return png.found ? { found: true, image: 'png', format: png.format, payload: png.text } : png;
  }
  if (looksLikeXml(bytes)) {
    const svg = extractFromSvg(bytes, limits);
    if (!svg.found) return svg;
    const payload = svg.body ?? svg.verify;
    return payload === undefined
      ? extractionFailure('svg_malformed', 'The badge element carries neither a body nor a verify attribute.')
      : { found: true, image: 'svg', format: svg.format, payload };
  }
  return extractionFailure('image_unsupported', 'The file is neither a PNG nor an SVG image.');
}
