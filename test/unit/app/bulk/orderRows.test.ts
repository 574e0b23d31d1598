import { expect } from 'chai';
import type { AwardRequest } from '../../../../src/app/awards/awardRequest.js';
import { groupByRecipient, type PendingRow } from '../../../../src/app/bulk/orderRows.js';
import { passRow } from './bulkFixtures.js';

function pending(rows: readonly [email: string, earnedOn: string][]): PendingRow[] {
  return rows.map(([email, earnedOn], index) => ({
    index,
    input: passRow(email, 'AZ-900', earnedOn) as unknown as AwardRequest,
  }));
}

const indexesOf = (groups: PendingRow[][]) => groups.map((group) => group.map((row) => row.index));

describe('groupByRecipient', () => {
  it('puts two spellings of one address in one group, ordered by earnedOn', () => {
    const rows = pending([
      ['Ana@Contoso.com', '2024-03-01'],
      ['bo@contoso.com', '2024-01-01'],
      [' ana@contoso.com', '2024-01-10T09:00:00+01:00'],
    ]);
    expect(indexesOf(groupByRecipient(rows))).to.deep.equal([[2, 0], [1]]);
  });

  it('keeps file order among passes of the same instant', () => {
    const rows = pending([
      ['ana@contoso.com', '2024-01-10'],
      ['ana@contoso.com', '2024-01-10T00:00:00Z'],
      ['ana@contoso.com', '2024-01-09'],
    ]);
    expect(indexesOf(groupByRecipient(rows))).to.deep.equal([[2, 0, 1]]);
  });

  it('orders groups by their first row, whatever order the rows come in', () => {
    const rows = pending([
      ['ana@contoso.com', '2024-01-10'],
      ['bo@contoso.com', '2024-01-10'],
      ['cy@contoso.com', '2024-01-10'],
    ]).reverse();
    expect(indexesOf(groupByRecipient(rows))).to.deep.equal([[0], [1], [2]]);
  });

  it('puts a row with an unreadable date last in its group and an unreadable address on its own', () => {
    const rows = pending([
      ['ana@contoso.com', 'yesterday'],
      ['ana@contoso.com', '2024-01-10'],
      ['not an address', '2024-01-10'],
      ['also not one', '2024-01-10'],
    ]);
    expect(indexesOf(groupByRecipient(rows))).to.deep.equal([[1, 0], [2], [3]]);
  });
});
