import { inflateSync } from 'node:zlib';
import type { PngBadgeKeyword } from './bakePng.js';
import {
  type BakedFormat,
  DEFAULT_MAX_IMAGE_BYTES,
  DEFAULT_MAX_TEXT_BYTES,
  decodeUtf8,
  type ExtractionLimits,
  extractionFailure,
  type NotFound,
  type PngExtractionErrorCode,
} from './extraction.js';
import { type PngChunk, readPngChunks, readTextKeyword } from './pngChunks.js';

export type PngExtraction =
  | NotFound<PngExtractionErrorCode>
  | {
      readonly found: true;
      readonly keyword: PngBadgeKeyword;
      readonly format: BakedFormat;
      /** `tEXt` only for pre-1.0 badges holding the hosted assertion URL (docs/open-badges.md A6). */
      readonly chunkType: 'iTXt' | 'tEXt';
      readonly text: string;
    };

type ChunkText = { ok: true; text: string } | { ok: false; code: PngExtractionErrorCode; message: string };

const FORMAT_OF: Readonly<Record<PngBadgeKeyword, BakedFormat>> = { openbadges: 'ob2', openbadgecredential: 'ob3' };

function isBadgeKeyword(keyword: string): keyword is PngBadgeKeyword {
  return keyword === 'openbadges' || keyword === 'openbadgecredential';
}

function textFailure(code: PngExtractionErrorCode, message: string): ChunkText {
  return { ok: false, code, message };
}

/**
 * iTXt layout (PNG spec §11.3.3.4): keyword NUL, compression flag, compression method,
 * language tag NUL, translated keyword NUL, text. Writers must not compress a badge, but other
 * tools do, so compressed text is accepted and inflated under a hard output cap (zip bombs).
 */
function readItxt(data: Buffer, start: number, maxTextBytes: number): ChunkText {
  const flag = data[start];
  const method = data[start + 1];
  const languageEnd = data.indexOf(0, start + 2);
  const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1);
  if (flag === undefined || method === undefined || translatedEnd < 0) {
    return textFailure('png_text_invalid', 'The iTXt chunk is incomplete.');
  }
  let bytes = data.subarray(translatedEnd + 1);
  if (flag === 1) {
    if (method !== 0) return textFailure('png_text_invalid', `Unknown iTXt compression method ${method}.`);
    try {
      bytes = inflateSync(bytes, { maxOutputLength: maxTextBytes });
    } catch (error) {
      const tooLarge = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
      return tooLarge
        ? textFailure('png_text_too_large', `The compressed iTXt text inflates beyond ${maxTextBytes} bytes.`)
        : textFailure('png_text_invalid', 'The compressed iTXt text does not inflate.');
    }
  } else if (flag !== 0) {
    return textFailure('png_text_invalid', `Unknown iTXt compression flag ${flag}.`);
  }
  if (bytes.length > maxTextBytes) {
    return textFailure('png_text_too_large', `The iTXt text is larger than ${maxTextBytes} bytes.`);
  }
  const text = decodeUtf8(bytes);
  return text === undefined ? textFailure('png_text_invalid', 'The iTXt text is not UTF-8.') : { ok: true, text };
}

function readBadgeText(chunk: PngChunk, rest: number, maxTextBytes: number): ChunkText | undefined {
  if (chunk.type === 'iTXt') return readItxt(chunk.data, rest, maxTextBytes);
  if (chunk.type === 'tEXt') {
    // tEXt is Latin-1 (PNG spec §11.3.3.2); it is bounded by the input cap already.
    return { ok: true, text: chunk.data.toString('latin1', rest) };
  }
  return undefined;
}

/**
 * Reads the one `openbadgecredential` or `openbadges` iTXt chunk, or a legacy `tEXt`
 * `openbadges` chunk (SPEC ob_v2p0/baking, ob_v3p0 §5.3.1; BAKERY lib/png.js reads both). An
 * image with two badge chunks is refused (`png_several_badges`): a verifier that took the first
 * would vouch for one badge while a displayer that took another showed a different one.
 * Never throws: the input comes from anyone.
 */
export function extractFromPng(png: Buffer, limits: ExtractionLimits = {}): PngExtraction {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_IMAGE_BYTES;
  const maxTextBytes = limits.maxTextBytes ?? DEFAULT_MAX_TEXT_BYTES;
  if (png.length > maxBytes) return extractionFailure('png_too_large', `The image is larger than ${maxBytes} bytes.`);
  const structure = readPngChunks(png);
  if (!structure.ok) return extractionFailure(structure.code, structure.message);
  let found: PngExtraction = { found: false };
  for (const chunk of structure.chunks) {
    const keyword = readTextKeyword(chunk.data);
    if (keyword === undefined || !isBadgeKeyword(keyword.keyword)) continue;
    // OB 3.0 is iTXt only (VAL3 PngParser: no URL, no tEXt); legacy tEXt is an OB 2.0 thing.
    if (chunk.type === 'tEXt' && keyword.keyword !== 'openbadges') continue;
    if (chunk.type !== 'tEXt' && chunk.type !== 'iTXt') continue;
    if (found.found) {
      return extractionFailure('png_several_badges', 'The image holds more than one baked badge chunk.');
    }
    const read = readBadgeText(chunk, keyword.rest, maxTextBytes);
    if (read === undefined) continue;
    if (!read.ok) return extractionFailure(read.code, read.message);
    found = {
      found: true,
      keyword: keyword.keyword,
      format: FORMAT_OF[keyword.keyword],
      chunkType: chunk.type === 'tEXt' ? 'tEXt' : 'iTXt',
      text: read.text,
    };
  }
  return found;
}
