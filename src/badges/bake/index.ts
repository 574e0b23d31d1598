export { bakePng, type PngBadgeKeyword } from './bakePng.js';
export { bakeSvgOb2Hosted, bakeSvgOb2Signed, bakeSvgOb3Json, bakeSvgOb3Jwt, sanitizeSvg } from './bakeSvg.js';
export { extractFromImage, type ImageExtraction } from './extractFromImage.js';
export { extractFromPng, type PngExtraction } from './extractFromPng.js';
export { extractFromSvg, type SvgExtraction } from './extractFromSvg.js';
export {
  type BakedFormat,
  DEFAULT_MAX_IMAGE_BYTES,
  DEFAULT_MAX_TEXT_BYTES,
  type ExtractionError,
  type ExtractionLimits,
  type ImageExtractionErrorCode,
  PNG_EXTRACTION_ERROR_CODES,
  type PngExtractionErrorCode,
  SVG_EXTRACTION_ERROR_CODES,
  type SvgExtractionErrorCode,
} from './extraction.js';
