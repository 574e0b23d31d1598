import type { Logger } from '../../ports/logger.js';
import type { PrepareReads } from '../awards/preparedReads.js';
import { rowIdempotencyKey } from './applyRow.js';
import type { PendingRow } from './orderRows.js';

/** Called once a recipient's rows are finished (or abandoned when the job stops). */
export type LeaveSlice = () => void;

/** Recipients whose rows are read together; with 64 worked on at once, a slice is about one round of them. */
export const SLICE_RECIPIENTS = 64;

interface Slice {
  readonly ready: Promise<void>;
  /** Recipients of the slice not finished yet: the prepared reads are dropped when none is left. */
  left: number;
  release?: () => void;
}

/**
 * A job's recipients, in the order workers take them, are cut into slices of SLICE_RECIPIENTS.
 * When a worker takes the first recipient of a slice, what the issuance of every row of the slice
 * reads is read for all of them at once (createPreparedReads); each recipient's rows then issue as
 * before, paced by the turn gate, and the slice's reads are dropped when its last recipient is
 * done. Without `prepare` (several instances share the store), rows read what they need one by one.
 * `close` drops whatever is still held once the job stops.
 */
export function createRowSlices(
  jobId: string,
  groups: readonly (readonly PendingRow[])[],
  prepare: PrepareReads | undefined,
  logger: Logger,
) {
  const slices = new Map<number, Slice>();

  function open(number: number): Slice {
    const members = groups.slice(number * SLICE_RECIPIENTS, (number + 1) * SLICE_RECIPIENTS);
    const passes = members.flatMap((group) =>
      group.map((row) => ({ request: row.input, idempotencyKey: rowIdempotencyKey(jobId, row.index) })),
    );
    const slice: Slice = {
      left: members.length,
      ready: prepare!(passes).then(
        (release) => {
          slice.release = release;
        },
        (error: unknown) => {
          // Each row reads the store itself then, and meets the same failure with its own outcome.
          logger.warn({ err: error, jobId }, 'bulk rows could not be read together; they read one by one');
        },
      ),
    };
    slices.set(number, slice);
    return slice;
  }

  return {
    /** Called once per recipient, with its place in `groups`, before its first row. */
    async enter(at: number): Promise<LeaveSlice> {
      if (prepare === undefined) return () => undefined;
      const number = Math.floor(at / SLICE_RECIPIENTS);
      const slice = slices.get(number) ?? open(number);
      await slice.ready;
      return () => {
        slice.left -= 1;
        if (slice.left > 0) return;
        slice.release?.();
        slices.delete(number);
      };
    },
    close(): void {
      for (const slice of slices.values()) slice.release?.();
      slices.clear();
    },
  };
}
