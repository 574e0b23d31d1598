import { extractFromImage } from '../../bake/index.js';
import { LIMITS } from '../limits.js';
import { invalid, type Problem } from '../report.js';

export type Unbaked =
  | { readonly ok: true; readonly text: string; readonly image: 'png' | 'svg'; readonly allowUrl: boolean }
  | { readonly ok: false; readonly problem: Problem };

/**
 * A baked image (docs/open-badges.md A6, B7): the PNG `openbadges` / `openbadgecredential` chunk or
 * the SVG `openbadges:assertion` / `openbadges:credential` element. The image type is sniffed
 * from the bytes, not trusted from the upload. Only OB 2.0 may carry a hosted assertion URL
 * (VAL3 PngParser: allowUriLocationInValue is false for 3.0).
 */
export function unbakeImage(bytes: Buffer): Unbaked {
  const extracted = extractFromImage(bytes, { maxBytes: LIMITS.maxImageBytes, maxTextBytes: LIMITS.maxTextBytes });
  if (!extracted.found)
    return { ok: false, problem: invalid(extracted.error?.message ?? 'the image holds no baked badge') };
  return { ok: true, text: extracted.payload, image: extracted.image, allowUrl: extracted.format === 'ob2' };
}
