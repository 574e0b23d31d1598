import { parseEarnedOn } from '../../domain/dates.js';
import { normalizeEmail } from '../../domain/email.js';
import type { BulkRowInput } from './bulkRecords.js';

export type PendingRow = BulkRowInput;

function instantOf(row: PendingRow): number {
  try {
    return parseEarnedOn(row.input.earnedOn).instant.getTime();
  } catch {
    return Number.NaN; // refused again, with its code, when the row is applied
  }
}

function recipientOf(row: PendingRow): string {
  try {
    return normalizeEmail(row.input.recipient.email);
  } catch {
    return `\u0000row:${row.index}`; // fails on its own
  }
}

/**
 * Certification requirements depend on what the recipient held when each pass happened, so a
 * recipient's rows are applied one after another in `earnedOn` order (file order among equal
 * dates): AZ-305 listed before an earlier AZ-104 still yields the expert certification, exactly
 * as issuing the passes one by one would. Rows are grouped by normalised address, so two
 * spellings of one address are one recipient. Groups keep the order of their first row.
 */
export function groupByRecipient(rows: readonly PendingRow[]): PendingRow[][] {
  const groups = new Map<string, { row: PendingRow; at: number }[]>();
  for (const row of [...rows].sort((a, b) => a.index - b.index)) {
    const key = recipientOf(row);
    const entry = { row, at: instantOf(row) };
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [entry]);
    else group.push(entry);
  }
  // Map iteration follows insertion, i.e. each group's first row; Array#sort is stable.
  return [...groups.values()].map((group) => group.sort((a, b) => byInstant(a.at, b.at)).map((entry) => entry.row));
}

/** Unreadable dates go last: they fail without affecting anyone's requirements. */
function byInstant(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
  return a - b;
}
