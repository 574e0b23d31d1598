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

/**
 * Lets at most `perTurn` callers through per turn of the event loop, in call order. Workers
 * that take their turn before each row share the loop with every other request however many
 * they are, and still overlap while their rows wait on a store that does real I/O.
 */
export function createTurnGate(perTurn: number): () => Promise<void> {
  const waiting: (() => void)[] = [];
  let scheduled = false;
  const release = () => {
    scheduled = false;
    for (let n = 0; n < perTurn && waiting.length > 0; n += 1) waiting.shift()?.();
    if (waiting.length > 0) {
      scheduled = true;
      setImmediate(release);
    }
  };
  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (!scheduled) {
        scheduled = true;
        setImmediate(release);
      }
    });
}
