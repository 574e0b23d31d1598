import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { CONFIG_KEYS } from '../../src/config.js';
import { ERROR_CODES } from '../../src/errors.js';
import { ERROR_STATUS } from '../../src/http/errorStatus.js';
import { projectPath } from '../../src/paths.js';

const readme = readFileSync(projectPath('README.md'), 'utf8');

function tableRows(heading: string): string[] {
  const start = readme.indexOf(heading);
  expect(start, `README has a "${heading}" section`).to.be.greaterThan(-1);
  const rest = readme.slice(start + heading.length);
  const end = rest.search(/\n#{1,3} /);
  return (end === -1 ? rest : rest.slice(0, end)).split('\n').filter((line) => line.startsWith('| `'));
}

describe('README', () => {
  it('maps every error code to an HTTP status and lists it with that status', () => {
    const rows = tableRows('## Error codes');
    for (const code of ERROR_CODES) {
      const status = ERROR_STATUS[code];
      expect(status, `status for ${code}`).to.be.a('number');
      const row = rows.find((line) => line.startsWith(`| \`${code}\` |`));
      expect(row, `README row for ${code}`).to.not.equal(undefined);
      expect(row).to.include(`| ${status} |`);
    }
    expect(rows.length).to.equal(ERROR_CODES.length);
  });

  it('documents every configuration variable with its default', () => {
    const rows = tableRows('## Configuration');
    for (const key of CONFIG_KEYS) {
      const row = rows.find((line) => line.startsWith(`| \`${key.name}\` |`));
      expect(row, `README row for ${key.name}`).to.not.equal(undefined);
    }
    expect(rows.length).to.equal(CONFIG_KEYS.length);
  });

  it('gives exactly two one-line commands in the quick start', () => {
    const start = readme.indexOf('## Quick start');
    const section = readme.slice(start, readme.indexOf('\n## ', start + 5));
    const commands = [...section.matchAll(/```(?:sh|bash)\n([^`]*)```/g)].map((match) => match[1]!.trim());
    expect(commands).to.have.length(2);
    for (const command of commands) expect(command.split('\n')).to.have.length(1);
    expect(commands[1]).to.include('npm test');
  });
});
