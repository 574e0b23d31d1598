/**
 * Lets timers, I/O and other requests run between two slices of a long piece of work (a bulk
 * job's rows, the pages of a read at start-up).
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
