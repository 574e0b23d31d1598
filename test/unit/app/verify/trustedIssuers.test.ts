import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadConfig } from '../../../../src/config.js';
import { AccoladeError } from '../../../../src/errors.js';

describe('VERIFY_TRUSTED_ISSUERS, the operator list of known issuers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'accolade-trusted-'));
  let files = 0;

  function listFile(contents: string): string {
    const path = join(dir, `list-${files++}.json`);
    writeFileSync(path, contents);
    return path;
  }

  function refusal(path: string): AccoladeError {
    try {
      loadConfig({ VERIFY_TRUSTED_ISSUERS: path });
    } catch (error) {
      if (error instanceof AccoladeError) return error;
      throw error;
    }
    throw new Error('expected the list to be refused');
  }

  it('is empty when unset, and read at start when set: ids as given, domains in lower case', () => {
    expect(loadConfig({}).verifyTrustedIssuers).to.deep.equal([]);
    const path = listFile(
      JSON.stringify([
        { id: 'did:key:z6MkExample', name: 'A key we know' },
        { domain: 'Example.EDU', name: 'Example University' },
        { domain: 'badges.example:8443', name: 'On a port' },
      ]),
    );

    expect(loadConfig({ VERIFY_TRUSTED_ISSUERS: path }).verifyTrustedIssuers).to.deep.equal([
      { id: 'did:key:z6MkExample', name: 'A key we know' },
      { domain: 'example.edu', name: 'Example University' },
      { domain: 'badges.example:8443', name: 'On a port' },
    ]);
  });

  for (const [label, contents] of [
    ['not JSON', '[{ "domain": '],
    ['not an array', '{ "domain": "example.edu", "name": "x" }'],
    ['an entry with both id and domain', '[{ "id": "did:key:z", "domain": "example.edu", "name": "x" }]'],
    ['an entry with neither id nor domain', '[{ "name": "x" }]'],
    ['an entry without a name', '[{ "domain": "example.edu" }]'],
    ['a domain that is a URL', '[{ "domain": "https://example.edu/", "name": "x" }]'],
    ['an unknown field', '[{ "domain": "example.edu", "name": "x", "trust": "all" }]'],
  ] as const) {
    it(`stops the start on ${label}, naming the variable`, () => {
      const error = refusal(listFile(contents));

      expect(error.code).to.equal('config_invalid');
      expect(error.details).to.deep.equal({ variable: 'VERIFY_TRUSTED_ISSUERS' });
    });
  }

  it('stops the start when the file cannot be read', () => {
    const error = refusal(join(dir, 'missing.json'));

    expect(error.code).to.equal('config_invalid');
    expect(error.message).to.include('ENOENT');
  });
});
