import { AccoladeError } from '../../errors.js';
import { encodePngChunk, PNG_SIGNATURE, readPngChunks, readTextKeyword, TEXT_CHUNK_TYPES } from './pngChunks.js';

/**
 * `openbadges` for Open Badges 2.0 (SPEC ob_v2p0/baking §PNG), `openbadgecredential` for
 * Open Badges 3.0 (SPEC ob_v3p0 §5.3.1 Baked Badge, PNG).
 */
export type PngBadgeKeyword = 'openbadges' | 'openbadgecredential';

/** Compression flag 0, compression method 0, empty language tag, empty translated keyword. */
function uncompressedItxt(keyword: PngBadgeKeyword, text: string): Buffer {
  return Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from(text, 'utf8')]);
}

/**
 * Bakes `text` (assertion JSON, compact JWS, or credential JSON / VC-JWT) into a PNG as one
 * uncompressed iTXt chunk just before IEND. Any text chunk already carrying the keyword is
 * dropped first: both specs forbid more than one, and re-baking overwrites as BAKERY does.
 * Bake last: any later re-encode (sharp included) drops unknown chunks (docs/open-badges.md C17).
 */
export function bakePng(png: Buffer, keyword: PngBadgeKeyword, text: string): Buffer {
  const structure = readPngChunks(png);
  if (!structure.ok) {
    throw new AccoladeError('validation_failed', `Cannot bake this image: ${structure.message}`, {
      reason: structure.code,
    });
  }
  const kept = structure.chunks.filter(
    (chunk) => !(TEXT_CHUNK_TYPES.has(chunk.type) && readTextKeyword(chunk.data)?.keyword === keyword),
  );
  const iend = kept.pop()!;
  return Buffer.concat([
    PNG_SIGNATURE,
    ...kept.map((chunk) => png.subarray(chunk.start, chunk.end)),
    encodePngChunk('iTXt', uncompressedItxt(keyword, text)),
    png.subarray(iend.start, iend.end),
  ]);
}
