import { deflateSync } from 'node:zlib';

/**
 * An independent PNG writer for tests: its own table CRC-32 (PNG spec Annex D), so the chunks
 * the code under test writes are checked against a second implementation, and chunks "written
 * by another tool" can be built byte by byte.
 */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function tableCrc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function chunk(type: string, data: Buffer, crc?: number): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(8 + data.length + 4);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc ?? tableCrc32(body), 8 + data.length);
  return out;
}

export const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A 2x2 opaque red RGB image, written by hand. */
function imageChunks(): Buffer[] {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.from([0, 255, 0, 0, 255, 0, 0, 0, 255, 0, 0, 255, 0, 0]);
  return [chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows))];
}

export function iendChunk(): Buffer {
  return chunk('IEND', Buffer.alloc(0));
}

/** A valid PNG with `extra` chunks between the image data and IEND. */
export function pngWith(...extra: Buffer[]): Buffer {
  return Buffer.concat([SIGNATURE, ...imageChunks(), ...extra, iendChunk()]);
}

export function plainPng(): Buffer {
  return pngWith();
}

interface ItxtOptions {
  readonly keyword: string;
  readonly text: string | Buffer;
  readonly compressed?: boolean;
  readonly language?: string;
  readonly translatedKeyword?: string;
}

/** An iTXt chunk as other tools write it: optionally compressed, with a language tag. */
export function itxtChunk(options: ItxtOptions): Buffer {
  const text = typeof options.text === 'string' ? Buffer.from(options.text, 'utf8') : options.text;
  const payload = options.compressed ? deflateSync(text) : text;
  return chunk(
    'iTXt',
    Buffer.concat([
      Buffer.from(`${options.keyword}\0`, 'latin1'),
      Buffer.from([options.compressed ? 1 : 0, 0]),
      Buffer.from(`${options.language ?? ''}\0`, 'latin1'),
      Buffer.from(`${options.translatedKeyword ?? ''}\0`, 'utf8'),
      payload,
    ]),
  );
}

export function textChunk(keyword: string, text: string): Buffer {
  return chunk('tEXt', Buffer.from(`${keyword}\0${text}`, 'latin1'));
}

export interface ParsedChunk {
  readonly type: string;
  readonly data: Buffer;
  readonly crc: number;
}

/** Splits a (trusted) PNG into chunks, for assertions on what a writer produced. */
export function parseChunks(png: Buffer): ParsedChunk[] {
  const chunks: ParsedChunk[] = [];
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    chunks.push({ type, data, crc: png.readUInt32BE(offset + 8 + length) });
    offset += 12 + length;
  }
  return chunks;
}
