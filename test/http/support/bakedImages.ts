/** A PNG text chunk (tEXt, zTXt or iTXt) with its keyword. */
export interface PngTextChunk {
  readonly type: string;
  readonly keyword: string;
}

/**
 * Every text chunk of a PNG, read by a walker of its own (PNG spec §5.3: length, type, data,
 * CRC) rather than the service's reader, so "exactly one badge chunk" is judged independently.
 */
export function pngTextChunks(png: Buffer): PngTextChunk[] {
  const chunks: PngTextChunk[] = [];
  let offset = 8;
  while (offset + 8 <= png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    if (type === 'tEXt' || type === 'zTXt' || type === 'iTXt') {
      const data = png.subarray(offset + 8, offset + 8 + length);
      chunks.push({ type, keyword: data.toString('latin1', 0, data.indexOf(0)) });
    }
    offset += 12 + length;
  }
  return chunks;
}

/** The chunks an Open Badges reader looks at (docs/open-badges.md A6, B7). */
export function badgeChunks(png: Buffer): PngTextChunk[] {
  return pngTextChunks(png).filter(
    (chunk) => chunk.keyword === 'openbadges' || chunk.keyword === 'openbadgecredential',
  );
}

/** How many times `needle` occurs in `text`. */
export function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}
