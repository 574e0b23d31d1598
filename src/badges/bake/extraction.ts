/**
 * What reading a baked image can answer. Extraction runs on images uploaded by anyone, so it
 * never throws: every failure is a result with a stable code from these closed lists.
 */
export const PNG_EXTRACTION_ERROR_CODES = [
  'png_too_large',
  'png_not_png',
  'png_malformed',
  'png_bad_crc',
  'png_text_too_large',
  'png_text_invalid',
  'png_several_badges',
] as const;
export type PngExtractionErrorCode = (typeof PNG_EXTRACTION_ERROR_CODES)[number];

export const SVG_EXTRACTION_ERROR_CODES = [
  'svg_too_large',
  'svg_malformed',
  'svg_not_svg',
  'svg_doctype',
  'svg_active_content',
  'svg_several_badges',
] as const;
export type SvgExtractionErrorCode = (typeof SVG_EXTRACTION_ERROR_CODES)[number];

export type ImageExtractionErrorCode = PngExtractionErrorCode | SvgExtractionErrorCode | 'image_unsupported';

export interface ExtractionError<Code extends string = ImageExtractionErrorCode> {
  readonly code: Code;
  readonly message: string;
}

export interface ExtractionLimits {
  /** Largest image accepted, in bytes. */
  readonly maxBytes?: number;
  /** Largest embedded text accepted, in bytes (after inflating a compressed PNG chunk). */
  readonly maxTextBytes?: number;
}

export const DEFAULT_MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_TEXT_BYTES = 1024 * 1024;

/** Open Badges version a baked element or chunk belongs to. */
export type BakedFormat = 'ob2' | 'ob3';

export interface NotFound<Code extends string> {
  readonly found: false;
  readonly error?: ExtractionError<Code>;
}

export function extractionFailure<Code extends string>(code: Code, message: string): NotFound<Code> {
  return { found: false, error: { code, message } };
}

/** Strict UTF-8: a badge payload with invalid bytes is refused, not silently repaired. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}
