/**
 * Runs tasks one after another, in call order. The embedded store puts every write of a
 * collection through one queue, so that a read-then-write (upsert, ordered insertMany) is atomic
 * with respect to other writes, as a single MongoDB operation is.
 */
export type SerialQueue = <R>(task: () => Promise<R>) => Promise<R>;

export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return <R>(task: () => Promise<R>): Promise<R> => {
    const result = tail.then(task);
    tail = result.catch(() => undefined);
    return result;
  };
}
