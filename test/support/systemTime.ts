/**
 * Runs `run` while the system clock (`Date.now()`, `new Date()`) reads `shiftMs` later than it
 * does, then puts it back: for code that must not depend on the time it runs at, tested without
 * waiting for the clock to move.
 */
export async function atShiftedSystemTime<T>(shiftMs: number, run: () => Promise<T>): Promise<T> {
  const RealDate = Date;
  class ShiftedDate extends RealDate {
    // biome-ignore lint/suspicious/noExplicitAny: Date's constructor overloads, passed through
    constructor(...args: any[]) {
      if (args.length === 0) super(RealDate.now() + shiftMs);
      else super(...(args as [string]));
    }

    static override now(): number {
      return RealDate.now() + shiftMs;
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor;
  try {
    return await run();
  } finally {
    globalThis.Date = RealDate;
  }
}
