import { performance } from 'node:perf_hooks';

export interface TurnGateOptions {
  /** Most callers let through in one turn of the event loop. */
  readonly maxPerTurn: number;
  /**
   * How long a turn of the event loop may last while the job runs: a turn that took longer halves
   * the callers let through per turn, one that took less lets one more through.
   */
  readonly targetTurnMs: number;
  /** Milliseconds from any fixed origin (tests pass their own). */
  readonly now?: () => number;
}

export interface TurnGate {
  /** Resolves in a later turn of the event loop, in call order. */
  (): Promise<void>;
  /** Callers let through per turn now (for tests and logs). */
  readonly perTurn: () => number;
}

/**
 * Lets waiting callers through a few per turn of the event loop, in call order. Workers that take
 * their turn before each row share the loop with every other request however many they are, and
 * still overlap while their rows wait on a store that does real I/O.
 *
 * How many per turn is paced by how long turns last: a row's work is spread over the turns that
 * follow its start (its writes commit together with those of the other rows in flight, in the next
 * turn's group commit), so the time between two releases is what a request arriving meanwhile
 * waits. Turns over `targetTurnMs` halve the rate at once; shorter ones raise it by one, up to
 * `maxPerTurn` (additive increase, multiplicative decrease, as TCP paces a connection). More rows
 * per turn share commits and run faster; fewer keep every turn short.
 */
export function createTurnGate(options: TurnGateOptions): TurnGate {
  const { maxPerTurn, targetTurnMs } = options;
  const now = options.now ?? (() => performance.now());
  const waiting: (() => void)[] = [];
  let perTurn = 1;
  let scheduled = false;
  /**
   * When the release that scheduled the next one ran: only back-to-back releases time a turn, as
   * the time before a first one was spent waiting for callers.
   */
  let previous: number | undefined;

  const release = () => {
    scheduled = false;
    const at = now();
    if (previous !== undefined) {
      perTurn = at - previous > targetTurnMs ? Math.max(1, Math.floor(perTurn / 2)) : Math.min(maxPerTurn, perTurn + 1);
    }
    let released = 0;
    for (; released < perTurn && waiting.length > 0; released += 1) waiting.shift()?.();
    // After a release, the next turn is timed even if nobody waits now: the rows just let through
    // do their work in it, and come back to wait.
    if (released > 0 || waiting.length > 0) schedule(at);
  };
  function schedule(at: number | undefined): void {
    scheduled = true;
    previous = at;
    setImmediate(release);
  }
  const gate = () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (!scheduled) schedule(undefined);
    });
  return Object.assign(gate, { perTurn: () => perTurn });
}
