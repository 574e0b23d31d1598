/**
 * Mail gives way to requests: the queue takes messages in batches, and before each batch after
 * the first it looks at how many requests the service has answered since the previous one. While
 * the service is busy (at least `busyPerSecond` requests a second) the batch waits, `checkMs` at a
 * time, until the rate falls or `longestWaitMs` has passed, so a burst of issuance is never slowed
 * by the emails it queues: they are written at the queue's own pace and caught up once the burst
 * ends (each is recorded in the store before the award is answered, so none is lost meanwhile).
 * Under endless load a batch still leaves every `longestWaitMs`. With no requests (a reminder run,
 * a bulk job started long ago) nothing ever waits.
 */
export interface RequestsFirstOptions {
  /** Requests answered so far by the HTTP layer (a counter that only grows). */
  readonly requestsSeen: () => number;
  /** A monotonic clock in milliseconds. */
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Messages taken between two looks at the request rate. */
  readonly batch?: number;
  readonly busyPerSecond?: number;
  readonly checkMs?: number;
  readonly longestWaitMs?: number;
}

/** Called before each message is taken; resolves when it may be. Shared by the queue's senders. */
export type MailPace = () => Promise<void>;

export function requestsFirst(options: RequestsFirstOptions): MailPace {
  const batch = options.batch ?? 10;
  const busyPerSecond = options.busyPerSecond ?? 100;
  const checkMs = options.checkMs ?? 50;
  const longestWaitMs = options.longestWaitMs ?? 2000;
  let takenInBatch = 0;
  let mark = { at: 0, seen: 0 };
  let gate: Promise<void> | undefined;

  function markNow(): { at: number; seen: number } {
    mark = { at: options.now(), seen: options.requestsSeen() };
    return mark;
  }

  /** Requests a second since the mark (the start of the batch, or the previous look); marks anew. */
  function rateSinceMark(): number {
    const since = mark;
    const next = markNow();
    return ((next.seen - since.seen) * 1000) / Math.max(1, next.at - since.at);
  }

  async function untilQuiet(): Promise<void> {
    let waited = 0;
    while (rateSinceMark() >= busyPerSecond && waited < longestWaitMs) {
      await options.sleep(checkMs);
      waited += checkMs;
    }
  }

  return () => {
    if (gate !== undefined) return gate;
    takenInBatch += 1;
    if (takenInBatch === 1) markNow();
    if (takenInBatch <= batch) return Promise.resolve();
    takenInBatch = 1;
    gate = untilQuiet().finally(() => {
      gate = undefined;
    });
    return gate;
  };
}
