/**
 * Runs tasks one after another per key, concurrently across keys. Issuance is serialised per
 * recipient so that two passes arriving together (AZ-305 and AZ-104) each see the other in the
 * history, and the certification they complete together is not missed.
 */
export function createPerKeySerializer() {
  const tails = new Map<string, Promise<unknown>>();
  return function serialize<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    // Forget the key once its queue is empty, so the map does not grow with every recipient seen.
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
