import type { IncomingMessage } from 'node:http';
import { pipeline, type Readable, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { AccoladeError } from '../../errors.js';
import { fetchBlocked, fetchFailed, networkFailure } from './fetchErrors.js';

function decoderFor(coding: string, url: string): Transform | undefined {
  switch (coding) {
    case '':
    case 'identity':
      return undefined;
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      throw fetchFailed('decode', url, `unsupported content encoding "${coding}"`);
  }
}

/** RFC 9110 §8.4: codings are listed in the order applied, so they are undone last first. */
function decodersFor(header: string | undefined, url: string): Transform[] {
  const codings = (header ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .reverse();
  return codings.map((coding) => decoderFor(coding, url)).filter((decoder) => decoder !== undefined);
}

function tooLarge(url: string, maxBytes: number): AccoladeError {
  return fetchBlocked('too_large', url, `the response is larger than ${maxBytes} bytes`, { maxBytes });
}

/**
 * Reads a response body, undoing its content codings, and stops as soon as either the bytes on
 * the wire or the decoded bytes pass `maxBytes`: a small gzip or brotli body can expand a
 * thousandfold (a decompression bomb), so the cap applies to what is decoded.
 */
export async function readCappedBody(response: IncomingMessage, maxBytes: number, url: string): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw tooLarge(url, maxBytes);
  }
  let decoders: Transform[];
  try {
    decoders = decodersFor(response.headers['content-encoding'], url);
  } catch (error) {
    response.destroy();
    throw error;
  }
  let decodeError: unknown;
  for (const decoder of decoders) decoder.once('error', (error) => (decodeError ??= error));
  let source: Readable = response;
  if (decoders.length > 0) {
    // The wire bytes are capped too: deflate's empty blocks can carry data that decodes to nothing.
    let wireBytes = 0;
    response.on('data', (chunk: Buffer) => {
      wireBytes += chunk.length;
      if (wireBytes > maxBytes) response.destroy(tooLarge(url, maxBytes));
    });
    // pipeline destroys every stage when one fails, so the last decoder sees any error.
    pipeline([response, ...decoders], () => undefined);
    source = decoders[decoders.length - 1]!;
  }
  const chunks: Buffer[] = [];
  let decodedBytes = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      decodedBytes += chunk.length;
      if (decodedBytes > maxBytes) throw tooLarge(url, maxBytes);
      chunks.push(chunk);
    }
  } catch (error) {
    response.destroy();
    if (error instanceof AccoladeError) throw error;
    if (error === decodeError) throw fetchFailed('decode', url, 'the response body could not be decoded', error);
    throw networkFailure(error, url);
  }
  return Buffer.concat(chunks);
}
