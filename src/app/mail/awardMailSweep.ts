import type { Logger } from '../../ports/logger.js';
import type { SweepPass } from './awardNotifications.js';

/** The first retry of a failed sweep waits this long, each next twice as long, up to the cap. */
export const SWEEP_RETRY_FIRST_MS = 1_000;
export const SWEEP_RETRY_MAX_MS = 300_000;

export interface AwardMailSweep {
  /** The emails queued by every pass, once the sweep is over (done, or stopped by `stop`). */
  readonly swept: Promise<number>;
  /** Settles when the first pass is over, whatever its outcome. */
  readonly firstPass: Promise<void>;
  /** Ends the sweep before its next award or its next retry, and waits for it. */
  stop(): Promise<number>;
}

/**
 * Runs the start-up sweep of awards left without their email in the background, and runs it again
 * after a failure (a store briefly unreachable, a primary stepping down) until a pass completes:
 * those awards would otherwise wait for the next restart, while their reminders went out. The
 * waits between passes are cut short by `stop`.
 */
export function startAwardMailSweep(deps: {
  readonly sweep: (stopping: () => boolean) => Promise<SweepPass>;
  readonly logger: Logger;
  /** Resolves after `ms`, or as soon as `wake` is called; injected by tests. */
  readonly pause?: (ms: number, wake: Promise<void>) => Promise<void>;
}): AwardMailSweep {
  const pause = deps.pause ?? pauseUnlessWoken;
  let stopping = false;
  let wakeUp!: () => void;
  const woken = new Promise<void>((resolve) => {
    wakeUp = resolve;
  });
  let firstPassOver!: () => void;
  const firstPass = new Promise<void>((resolve) => {
    firstPassOver = resolve;
  });

  async function run(): Promise<number> {
    let queued = 0;
    try {
      for (let retryMs = SWEEP_RETRY_FIRST_MS; ; retryMs = Math.min(2 * retryMs, SWEEP_RETRY_MAX_MS)) {
        const pass = await deps.sweep(() => stopping);
        firstPassOver();
        queued += pass.queued;
        if (pass.failure === undefined || stopping) {
          if (pass.failure !== undefined)
            deps.logger.error({ err: pass.failure }, 'the sweep for awards left without their email failed');
          if (queued > 0) deps.logger.info({ requeued: queued }, 'queued the emails of awards left without one');
          return queued;
        }
        deps.logger.error(
          { err: pass.failure, queued, retryInMs: retryMs },
          'the sweep for awards left without their email failed; it runs again',
        );
        await pause(retryMs, woken);
        if (stopping) return queued;
      }
    } finally {
      firstPassOver();
    }
  }

  const swept = run();
  return {
    swept,
    firstPass,
    stop() {
      stopping = true;
      wakeUp();
      return swept;
    },
  };
}

function pauseUnlessWoken(ms: number, wake: Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    void wake.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
