import { expect } from 'chai';
import { readCsvRows } from '../../../../src/app/bulk/readCsvRows.js';
import type { SubmittedRow } from '../../../../src/app/bulk/submittedRow.js';
import { AccoladeError } from '../../../../src/errors.js';

async function readAll(csv: string): Promise<SubmittedRow[]> {
  const rows: SubmittedRow[] = [];
  for await (const row of readCsvRows(csv)) rows.push(row);
  return rows;
}

async function refusal(csv: string): Promise<AccoladeError> {
  try {
    await readAll(csv);
  } catch (error) {
    if (error instanceof AccoladeError) return error;
    throw error;
  }
  throw new Error('expected the CSV to be refused');
}

describe('CSV headers of a bulk job', () => {
  const ROW = 'ana@contoso.com,Ana,AZ-900,2024-05-01';

  for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '__defineGetter__']) {
    it(`refuses a column named ${name}, which an object lookup would find on Object.prototype`, async () => {
      const error = await refusal(`email,name,achievement,earnedOn,${name}\n${ROW},x\n`);

      expect(error.code).to.equal('invalid_csv');
      expect(error.details?.['unknownColumns']).to.deep.equal([name]);
    });
  }

  it('refuses __proto__ standing in for a required column', async () => {
    const error = await refusal(`__proto__,name,achievement,earnedOn\n${ROW}\n`);

    expect(error.code).to.equal('invalid_csv');
    expect(error.details).to.deep.include({ unknownColumns: ['__proto__'], missingColumns: ['email'] });
  });

  it('still reads the known columns in any order and case', async () => {
    const rows = await readAll(
      `EarnedOn, NAME ,achievement,email,ExternalId\n2024-05-01,Ana,AZ-900,ana@contoso.com,x-1\n`,
    );

    expect(rows).to.deep.equal([
      {
        candidate: {
          recipient: { email: 'ana@contoso.com', name: 'Ana' },
          achievement: 'AZ-900',
          earnedOn: '2024-05-01',
          externalId: 'x-1',
        },
      },
    ]);
  });
});
