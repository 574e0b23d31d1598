import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { CHECK_DESCRIPTIONS, CHECK_IDS } from '../../../../src/badges/verify/index.js';
import { projectPath } from '../../../../src/paths.js';

/** The rows of the check table in the README's "## Verification checks" section. */
function checkRows(): string[] {
  const readme = readFileSync(projectPath('README.md'), 'utf8');
  const start = readme.indexOf('## Verification checks');
  expect(start, 'README has a "## Verification checks" section').to.be.greaterThan(-1);
  const rest = readme.slice(start + 1);
  const section = rest.slice(0, rest.search(/\n## /));
  const table = section.slice(section.indexOf('| check | what it checks |'));
  return table.split('\n').filter((line) => line.startsWith('| `'));
}

describe('the verification checks in the README', () => {
  it('lists every check id with its description, and nothing else', () => {
    const rows = checkRows();
    for (const id of CHECK_IDS) {
      expect(rows, `README row for ${id}`).to.include(`| \`${id}\` | ${CHECK_DESCRIPTIONS[id]} |`);
    }
    expect(rows).to.have.length(CHECK_IDS.length);
  });
});
