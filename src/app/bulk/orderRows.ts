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
 *
 * Rows are added one at a time, in index order (a job's rows are read a chunk at a time); each
 * group stays in order as rows join it, so nothing sorts the whole job in one go.
 */
export function createRecipientGroups() {
  const byRecipient = new Map<string, { readonly rows: PendingRow[]; readonly at: number[] }>();
  const ordered: PendingRow[][] = [];
  return {
    add(row: PendingRow): void {
      const key = recipientOf(row);
      const at = instantOf(row);
      const group = byRecipient.get(key);
      if (group === undefined) {
        const rows = [row];
        byRecipient.set(key, { rows, at: [at] });
        ordered.push(rows);
        return;
      }
      // After every row of the same instant or earlier: file order among equal dates.
      let position = group.at.findIndex((earlier) => byInstant(earlier, at) > 0);
      if (position === -1) position = group.rows.length;
      group.rows.splice(position, 0, row);
      group.at.splice(position, 0, at);
    },
    /** The groups, in the order of their first row. */
    inOrder(): PendingRow[][] {
      return ordered;
    },
  };
}

export function groupByRecipient(rows: readonly PendingRow[]): PendingRow[][] {
  const groups = createRecipientGroups();
  for (const row of [...rows].sort((a, b) => a.index - b.index)) groups.add(row);
  return groups.inOrder();
}

/** Unreadable dates go last: they fail without affecting anyone's requirements. */
function byInstant(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
  return a - b;
}
