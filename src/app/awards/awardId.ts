import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

/** Random bytes drawn 4 KiB at a time: one CSPRNG call per 256 ids (uuid's v7() makes one per id). */
const pool = Buffer.alloc(4096);
let offset = pool.length;
/** The millisecond of the last id and its counter, as uuid's v7() keeps them. */
let lastMsecs = Number.NEGATIVE_INFINITY;
let counter = 0;

/**
 * A new award's id: a UUID version 7 as uuid's v7() makes it (RFC 9562 §6.2, method 1), so ids
 * sort in the order they were made: the time in milliseconds, then a counter that starts at
 * random each millisecond and counts up within it (borrowing the next millisecond should it wrap).
 * Every award id comes from here, so one process's awards keep one order.
 * https://www.rfc-editor.org/rfc/rfc9562#section-6.2
 */
export function newAwardId(now: number = Date.now()): string {
  if (offset + 16 > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const random = pool.subarray(offset, offset + 16);
  offset += 16;
  if (now > lastMsecs) {
    // 31 random bits, as uuid's v7 seeds its counter: room to count up within the millisecond.
    counter = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
    lastMsecs = now;
  } else {
    counter = (counter + 1) | 0;
    if (counter === 0) lastMsecs += 1;
  }
  return v7({ random, msecs: lastMsecs, seq: counter });
}
