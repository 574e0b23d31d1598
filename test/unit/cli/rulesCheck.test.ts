import { spawn } from 'node:child_process';
import { expect } from 'chai';
import { projectPath } from '../../../src/paths.js';
import { fixturePath } from '../../fixtures/rules/catalogs.js';

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the command as `npm run rules:check` does: tsx on the source, from the project root. */
function rulesCheck(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', projectPath('src', 'cli', 'rulesCheck.ts'), ...args], {
      cwd: projectPath(),
      env: { ...process.env, INIT_CWD: projectPath() },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('rules:check command', () => {
  it('prints a summary, then what each member of each family ends up with, and exits 0 for a valid file', async () => {
    const run = await rulesCheck(fixturePath('valid-catalog.json'));
    expect(run.status).to.equal(0);
    expect(run.stdout.trim().split('\n')).to.deep.equal([
      `OK ${fixturePath('valid-catalog.json')}: version fixture-valid-1, 3 achievements (2 exams, 1 certification, 2 with a badge), 1 family`,
      'family fixture "Fixture family": no rule of its own; 3 members',
      '  EX-1 (exam): active, badge',
      '  EX-2 (exam): retired, retirement 2022-06-30, no badge (legacy)',
      '  cert-1 (certification): active, badge',
    ]);
  });

  it('prints each problem as achievement: path: message and exits 1 for an invalid file', async () => {
    const run = await rulesCheck('test/fixtures/rules/invalid-catalog.json');
    expect(run.status).to.equal(1);
    expect(run.stdout).to.contain('EX-1: /achievements/0/kind: must be one of: exam, certification');
    expect(run.stdout).to.contain('EX-2: /achievements/1/titel: is not a known field');
  });

  it('exits 1 for a file that does not exist', async () => {
    const run = await rulesCheck('test/fixtures/rules/no-such-file.json');
    expect(run.status).to.equal(1);
    expect(run.stdout).to.contain('ENOENT');
  });

  it('prints its usage and exits 2 without a file', async () => {
    const run = await rulesCheck();
    expect(run.status).to.equal(2);
    expect(run.stderr).to.contain('usage: npm run rules:check -- FILE');
  });
});
