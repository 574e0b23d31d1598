import type { Clock } from '../ports/clock.js';

const WINDOW_MS = 60_000;
/** Beyond this many clients in the table, windows that have ended are swept out. */
const SWEEP_AT = 10_000;

interface Window {
  readonly startedAt: number;
  failures: number;
}

/**
 * Failed API-key authentications per client address, in fixed one-minute windows on the
 * injected clock. Once a client has failed `perMinute` times, every request it makes to the
 * API is refused until its window ends, valid key or not: answering a right guess differently
 * would let the guessing go on. 0 turns it off.
 */
export class AuthFailureLimit {
  readonly #windows = new Map<string, Window>();

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
  ) {}

  /** Seconds until `client` may try again, or undefined when it may try now. */
  blockedFor(client: string): number | undefined {
    if (this.perMinute === 0) return undefined;
    const window = this.#current(client);
    if (window === undefined || window.failures < this.perMinute) return undefined;
    return Math.max(1, Math.ceil((window.startedAt + WINDOW_MS - this.clock.now().getTime()) / 1000));
  }

  recordFailure(client: string): void {
    if (this.perMinute === 0) return;
    const window = this.#current(client);
    if (window !== undefined) {
      window.failures += 1;
      return;
    }
    if (this.#windows.size >= SWEEP_AT) this.#sweep();
    this.#windows.set(client, { startedAt: this.clock.now().getTime(), failures: 1 });
  }

  /** Whether any client has failed in a window not yet swept out: when none has, no address needs looking at. */
  get anyFailures(): boolean {
    return this.#windows.size > 0;
  }

  get limit(): number {
    return this.perMinute;
  }

  #current(client: string): Window | undefined {
    const window = this.#windows.get(client);
    if (window === undefined) return undefined;
    if (this.clock.now().getTime() - window.startedAt < WINDOW_MS) return window;
    this.#windows.delete(client);
    return undefined;
  }

  #sweep(): void {
    const now = this.clock.now().getTime();
    for (const [client, window] of this.#windows) {
      if (now - window.startedAt >= WINDOW_MS) this.#windows.delete(client);
    }
  }
}
