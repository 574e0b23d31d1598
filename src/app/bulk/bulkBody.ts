/**
 * A bulk submission's bytes: whole (a string or buffer), or as they arrive (an HTTP request). The
 * readers take the chunks one at a time, so a body is never held whole and the rows can be
 * counted, and refused past the limit, before the end of it has been read.
 */
export type BulkBody = string | Uint8Array | AsyncIterable<Uint8Array | string>;

export async function* chunksOf(body: BulkBody): AsyncGenerator<Uint8Array | string> {
  if (typeof body === 'string' || body instanceof Uint8Array) yield body;
  else yield* body;
}

/** Lets timers, I/O and other requests run between two slices of a job's work. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
