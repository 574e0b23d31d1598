import { readFileSync } from 'node:fs';

/**
 * Advance widths read from a TrueType font, so badge titles are wrapped by what the renderer
 * will really draw rather than by a guess. Reads the table directory, `head` (unitsPerEm),
 * `hhea` (numberOfHMetrics), `hmtx` and a format 4 `cmap` subtable (Unicode BMP), as laid out
 * in the OpenType spec (https://learn.microsoft.com/typography/opentype/spec/otff).
 */
export interface FontMetrics {
  /** Width of `text` at font size 1, ignoring kerning. */
  width(text: string): number;
}

/** Used for characters the font lacks, and for everything when the font cannot be read. */
const FALLBACK_ADVANCE = 0.72;

type Tables = ReadonlyMap<string, { offset: number; length: number }>;

function readTables(font: Buffer): Tables {
  const tables = new Map<string, { offset: number; length: number }>();
  const count = font.readUInt16BE(4);
  for (let i = 0; i < count; i += 1) {
    const record = 12 + i * 16;
    tables.set(font.toString('latin1', record, record + 4), {
      offset: font.readUInt32BE(record + 8),
      length: font.readUInt32BE(record + 12),
    });
  }
  return tables;
}

function table(tables: Tables, tag: string): number {
  const found = tables.get(tag);
  if (found === undefined) throw new Error(`The font has no ${tag} table.`);
  return found.offset;
}

/** Finds the format 4 subtable for Unicode BMP: platform 3 encoding 1, or platform 0. */
function unicodeCmap(font: Buffer, cmap: number): number {
  const count = font.readUInt16BE(cmap + 2);
  for (let i = 0; i < count; i += 1) {
    const record = cmap + 4 + i * 8;
    const platform = font.readUInt16BE(record);
    const encoding = font.readUInt16BE(record + 2);
    const subtable = cmap + font.readUInt32BE(record + 4);
    if ((platform === 3 && encoding === 1) || platform === 0) {
      if (font.readUInt16BE(subtable) === 4) return subtable;
    }
  }
  throw new Error('The font has no format 4 Unicode cmap.');
}

function glyphLookup(font: Buffer, subtable: number): (codePoint: number) => number {
  const segments = font.readUInt16BE(subtable + 6) / 2;
  const ends = subtable + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  return (codePoint) => {
    if (codePoint > 0xffff) return 0;
    for (let i = 0; i < segments; i += 1) {
      if (font.readUInt16BE(ends + i * 2) < codePoint) continue;
      const start = font.readUInt16BE(starts + i * 2);
      if (start > codePoint) return 0;
      const delta = font.readInt16BE(deltas + i * 2);
      const rangeOffset = font.readUInt16BE(rangeOffsets + i * 2);
      if (rangeOffset === 0) return (codePoint + delta) & 0xffff;
      const glyph = font.readUInt16BE(rangeOffsets + i * 2 + rangeOffset + (codePoint - start) * 2);
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}

function parseFont(font: Buffer): (codePoint: number) => number {
  const tables = readTables(font);
  const unitsPerEm = font.readUInt16BE(table(tables, 'head') + 18);
  const longMetrics = font.readUInt16BE(table(tables, 'hhea') + 34);
  const hmtx = table(tables, 'hmtx');
  const glyphOf = glyphLookup(font, unicodeCmap(font, table(tables, 'cmap')));
  return (codePoint) => {
    const glyph = glyphOf(codePoint);
    if (glyph === 0) return FALLBACK_ADVANCE;
    // Glyphs past numberOfHMetrics share the last long metric's advance.
    return font.readUInt16BE(hmtx + Math.min(glyph, longMetrics - 1) * 4) / unitsPerEm;
  };
}

export function loadFontMetrics(fontFile: string): FontMetrics {
  let advanceOf: (codePoint: number) => number;
  try {
    advanceOf = parseFont(readFileSync(fontFile));
  } catch {
    advanceOf = () => FALLBACK_ADVANCE;
  }
  const cache = new Map<number, number>();
  return {
    width(text) {
      let total = 0;
      for (const char of text) {
        const codePoint = char.codePointAt(0)!;
        let advance = cache.get(codePoint);
        if (advance === undefined) {
          advance = advanceOf(codePoint);
          cache.set(codePoint, advance);
        }
        total += advance;
      }
      return total;
    },
  };
}
