import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { openDatabase } from '../../src/adapters/store/openDatabase.js';
import { AWARDS_COLLECTION, type AwardRecord } from '../../src/app/awards/awardRecord.js';
import { projectPath } from '../../src/paths.js';
import { passOf } from '../http/support/awardRequests.js';
import { freePort } from './support/freePort.js';

const ADMIN_TOKEN = 'kill-test-admin-token-0123456789abcdef';

describe('the service killed with SIGKILL during a burst of issuance', function () {
  // A net against a hang, not a measure: starting from source takes long on a loaded machine.
  this.timeout(180_000);
  let dataDir: string;

  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'accolade-kill-issuance-'));
  });

  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every award it answered 201 for', async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, ['--import', 'tsx', projectPath('src', 'main.ts')], {
      cwd: projectPath(),
      env: {
        PATH: process.env['PATH'] ?? '',
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: baseUrl,
        DATA_DIR: dataDir,
        ADMIN_TOKEN,
        KEY_ENCRYPTION_SECRET: 'kill-test-key-encryption-secret-0123456789',
        RATE_LIMIT_PER_MINUTE: '0',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = once(child, 'exit');
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk;
        if (output.includes('Accolade is listening')) resolve();
      });
      child.once('exit', () => reject(new Error(`the service stopped before listening:\n${output}`)));
    });

    const acknowledged: string[] = [];
    let killed = false;
    async function issueUntilKilled(): Promise<void> {
      while (!killed) {
        try {
          const answer = await fetch(`${baseUrl}/api/v1/awards`, {
            method: 'POST',
            headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
            body: JSON.stringify(passOf('AZ-900', '2025-03-01')),
          });
          if (answer.status === 201) acknowledged.push(((await answer.json()) as { id: string }).id);
          else expect.fail(`answered ${answer.status}`);
        } catch (error) {
          if (!killed) throw error;
        }
        if (acknowledged.length >= 300 && !killed) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    }
    await Promise.all(Array.from({ length: 10 }, issueUntilKilled));
    const [, signal] = await exited;
    expect(signal).to.equal('SIGKILL');

    const database = await openDatabase({ dataDir });
    try {
      const awards = await database.collection<AwardRecord>(AWARDS_COLLECTION);
      const stored = new Set((await awards.find({ _id: { $in: acknowledged } })).map((award) => award._id));
      expect(acknowledged.filter((id) => !stored.has(id))).to.deep.equal([]);
      expect(stored.size).to.be.at.least(300);
    } finally {
      await database.close();
    }
  });
});
