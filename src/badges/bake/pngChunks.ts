import { crc32 } from 'node:zlib';

/**
 * PNG chunk layout (PNG spec §5.3, https://www.w3.org/TR/png/#5Chunk-layout): a 4-byte
 * big-endian data length, a 4-byte type, the data, and a CRC-32 over type and data.
 * This reader only walks the structure; it never decodes image data.
 */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** PNG spec §5.3: a chunk's length is at most 2^31 - 1. */
const MAX_CHUNK_LENGTH = 0x7fffffff;
const CHUNK_OVERHEAD = 12;

export interface PngChunk {
  readonly type: string;
  /** Offset of the chunk's first byte (its length field) in the file. */
  readonly start: number;
  /** Offset just past the chunk's CRC. */
  readonly end: number;
  readonly data: Buffer;
}

export type PngStructureErrorCode = 'png_not_png' | 'png_malformed' | 'png_bad_crc';

export type PngStructure =
  | { readonly ok: true; readonly chunks: readonly PngChunk[] }
  | { readonly ok: false; readonly code: PngStructureErrorCode; readonly message: string };

export function hasPngSignature(bytes: Uint8Array): boolean {
  return bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.equals(bytes.subarray(0, PNG_SIGNATURE.length));
}

function isChunkTypeByte(byte: number): boolean {
  // PNG spec §5.4: chunk type bytes are ASCII letters only.
  return (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

function failure(code: PngStructureErrorCode, message: string): PngStructure {
  return { ok: false, code, message };
}

/**
 * Walks every chunk from the signature to IEND, checking each length against the bytes that
 * are really there and each CRC, so a hostile file can neither send us past the buffer nor make
 * us trust a corrupted chunk. Bytes after IEND are ignored, as PNG decoders do.
 */
export function readPngChunks(png: Buffer): PngStructure {
  if (!hasPngSignature(png)) return failure('png_not_png', 'The file does not start with the PNG signature.');
  const chunks: PngChunk[] = [];
  let offset = PNG_SIGNATURE.length;
  while (offset < png.length) {
    if (png.length - offset < CHUNK_OVERHEAD) return failure('png_malformed', `Truncated chunk at byte ${offset}.`);
    const length = png.readUInt32BE(offset);
    if (length > MAX_CHUNK_LENGTH || length > png.length - offset - CHUNK_OVERHEAD) {
      return failure('png_malformed', `Chunk at byte ${offset} declares ${length} bytes beyond the end of the file.`);
    }
    const typeBytes = png.subarray(offset + 4, offset + 8);
    if (!typeBytes.every(isChunkTypeByte)) return failure('png_malformed', `Invalid chunk type at byte ${offset}.`);
    const type = typeBytes.toString('latin1');
    const dataEnd = offset + 8 + length;
    if (crc32(png.subarray(offset + 4, dataEnd)) !== png.readUInt32BE(dataEnd)) {
      return failure('png_bad_crc', `The CRC of the ${type} chunk at byte ${offset} does not match its content.`);
    }
    if (chunks.length === 0 && type !== 'IHDR') return failure('png_malformed', 'The first chunk is not IHDR.');
    const chunk = { type, start: offset, end: dataEnd + 4, data: png.subarray(offset + 8, dataEnd) };
    chunks.push(chunk);
    if (type === 'IEND') return { ok: true, chunks };
    offset = chunk.end;
  }
  return failure('png_malformed', 'The file ends before its IEND chunk.');
}

export function encodePngChunk(type: string, data: Buffer): Buffer {
  const chunk = Buffer.alloc(CHUNK_OVERHEAD + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return chunk;
}

/** PNG spec §11.3.3: a text chunk's keyword is 1-79 Latin-1 bytes ended by a NUL byte. */
const MAX_KEYWORD_LENGTH = 79;

export const TEXT_CHUNK_TYPES: ReadonlySet<string> = new Set(['tEXt', 'zTXt', 'iTXt']);

/** The keyword of a tEXt/zTXt/iTXt chunk and where its content starts, or undefined if it has none. */
export function readTextKeyword(data: Buffer): { keyword: string; rest: number } | undefined {
  const nul = data.subarray(0, MAX_KEYWORD_LENGTH + 1).indexOf(0);
  if (nul < 1) return undefined;
  return { keyword: data.toString('latin1', 0, nul), rest: nul + 1 };
}
