import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
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

  it('has the configuration table that scripts/print-config-table.ts prints from src/config.ts, line for line', () => {
    const printed = execFileSync(
      process.execPath,
      ['--import', 'tsx', projectPath('scripts', 'print-config-table.ts')],
      {
        cwd: projectPath(),
        encoding: 'utf8',
      },
    );
    const start = readme.indexOf('\n## Configuration\n');
    expect(start, 'README has a "## Configuration" section').to.be.greaterThan(-1);
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    const table = section.split('\n').filter((line) => line.startsWith('|'));
    expect(table.length).to.be.greaterThan(20);
    expect(table).to.deep.equal(printed.trimEnd().split('\n'));
  });

  it('gives exactly two one-line commands in the quick start', () => {
    const start = readme.indexOf('## Quick start');
    const section = readme.slice(start, readme.indexOf('\n## ', start + 5));
    const commands = [...section.matchAll(/```(?:sh|bash)\n([^`]*)```/g)].map((match) => match[1]!.trim());
    expect(commands).to.have.length(2);
    for (const command of commands) expect(command.split('\n')).to.have.length(1);
    expect(commands[1]).to.include('npm test');
  });

  it('mentions npm test nowhere above the quick-start block that runs it', () => {
    const firstBlock = readme.indexOf('```', readme.indexOf('## Quick start'));
    const above = readme.slice(0, firstBlock).split('\n');
    expect(above.filter((line) => line.includes('npm test'))).to.deep.equal([]);
  });
});
