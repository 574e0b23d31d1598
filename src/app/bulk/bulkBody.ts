/**
 * A bulk submission's bytes: whole (a string or buffer), or as they arrive (an HTTP request). The
 * readers take the chunks one at a time, so a body is never held whole and the rows can be
 * counted, and refused past the limit, before the end of it has been read.
 */
export type BulkBody = string | Uint8Array | AsyncIterable<Uint8Array | string>;

/**
 * Most bytes (or UTF-16 code units) handed to a parser at once. A parser works through what it is
 * given in one go: a 64 KB chunk off the network is about 1,300 CSV rows and held the event loop
 * for 50 to 75 ms, every other request waiting; 8 KB is a millisecond or two of parsing, and the
 * readers' back-pressure lets other requests run between two pieces.
 */
export const PIECE_SIZE = 8 * 1024;

/**
 * `chunk` cut into pieces of at most `size`. Bytes may be cut anywhere (both parsers join a
 * character split across two writes); text is never cut between the two halves of a surrogate
 * pair, which would reach the parser as two broken characters.
 */
export function* piecesOf(chunk: Uint8Array | string, size = PIECE_SIZE): Generator<Uint8Array | string> {
  if (chunk.length <= size) {
    yield chunk;
    return;
  }
  for (let start = 0; start < chunk.length; ) {
    let end = Math.min(chunk.length, start + size);
    if (typeof chunk === 'string') {
      const last = chunk.charCodeAt(end - 1);
      if (end < chunk.length && last >= 0xd800 && last <= 0xdbff) end += 1;
      yield chunk.slice(start, end);
    } else {
      yield chunk.subarray(start, end);
    }
    start = end;
  }
}

/** The body's chunks as they arrive, each cut into pieces of at most PIECE_SIZE. */
export async function* chunksOf(body: BulkBody): AsyncGenerator<Uint8Array | string> {
  if (typeof body === 'string' || body instanceof Uint8Array) {
    yield* piecesOf(body);
    return;
  }
  for await (const chunk of body) yield* piecesOf(chunk);
}
