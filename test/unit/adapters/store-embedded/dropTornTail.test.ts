import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { dropTornTail } from '../../../../src/adapters/store-embedded/dropTornTail.js';
import { useTemporaryDirectory } from '../../../contract/support/temporaryDirectory.js';

describe('dropping a torn last line', () => {
  const directory = useTemporaryDirectory('accolade-tail-');
  let file: string;

  beforeEach(() => {
    file = join(directory(), 'people.db');
  });

  it('leaves a file whose every line is complete untouched', async () => {
    await writeFile(file, '{"_id":"a"}\n{"_id":"b"}\n');
    expect(await dropTornTail(file)).to.equal(0);
    expect(await readFile(file, 'utf8')).to.equal('{"_id":"a"}\n{"_id":"b"}\n');
  });

  it('cuts a last line that a crash left without its newline', async () => {
    await writeFile(file, '{"_id":"a"}\n{"_id":"b","na');
    expect(await dropTornTail(file)).to.equal('{"_id":"b","na'.length);
    expect(await readFile(file, 'utf8')).to.equal('{"_id":"a"}\n');
  });

  it('empties a file holding only a torn line', async () => {
    await writeFile(file, '{"_id":"a","payl');
    expect(await dropTornTail(file)).to.equal('{"_id":"a","payl'.length);
    expect(await readFile(file, 'utf8')).to.equal('');
  });

  it('finds the last newline before a torn line longer than its read buffer', async () => {
    const longTornLine = `{"_id":"b","payload":"${'x'.repeat(200_000)}`;
    await writeFile(file, `{"_id":"a"}\n${longTornLine}`);
    expect(await dropTornTail(file)).to.equal(longTornLine.length);
    expect(await readFile(file, 'utf8')).to.equal('{"_id":"a"}\n');
  });

  it('does nothing for a file that does not exist yet', async () => {
    expect(await dropTornTail(join(directory(), 'missing.db'))).to.equal(0);
  });
});
