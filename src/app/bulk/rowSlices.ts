import type { Logger } from '../../ports/logger.js';
import type { PassToPrepare, PrepareReads } from '../awards/preparedReads.js';
import { rowIdempotencyKey } from './applyRow.js';
import type { PendingRow } from './orderRows.js';

interface Slice {
  readonly passes: PassToPrepare[];
  /** Rows of the slice not finished yet: the prepared reads are dropped when none is left. */
  members: number;
  release?: () => void;
  readonly ready: Promise<void>;
}

/** Called by a row once it is finished (its result known). */
export type LeaveSlice = () => void;

/**
 * The rows the turn gate lets through in one turn of the event loop form a slice: each joins it
 * as it starts, and once all of that turn's rows have joined, the reads their issuance needs are
 * made for all of them at once (createPreparedReads). Each row then issues as before, and the
 * slice's reads are dropped when its last row leaves. Without `prepare` (several instances share
 * the store), rows read what they need one by one.
 */
export function createRowSlices(jobId: string, prepare: PrepareReads | undefined, logger: Logger) {
  let forming: Slice | undefined;

  function open(): Slice {
    const passes: PassToPrepare[] = [];
    // The rows let through in this turn resume one after another in microtasks already queued:
    // the reads start after the last of them has joined.
    const ready = new Promise<void>((resolve) => queueMicrotask(resolve)).then(async () => {
      forming = undefined;
      try {
        slice.release = await prepare!(passes);
      } catch (error) {
        // Each row reads the store itself then, and meets the same failure with its own outcome.
        logger.warn({ err: error, jobId }, 'bulk rows could not be read together; they read one by one');
      }
    });
    const slice: Slice = { passes, members: 0, ready };
    return slice;
  }

  return async function join(row: PendingRow): Promise<LeaveSlice> {
    if (prepare === undefined) return () => undefined;
    forming ??= open();
    const slice = forming;
    slice.passes.push({ request: row.input, idempotencyKey: rowIdempotencyKey(jobId, row.index) });
    slice.members += 1;
    await slice.ready;
    return () => {
      slice.members -= 1;
      if (slice.members === 0) slice.release?.();
    };
  };
}
