import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { createSqliteDatabase, STORE_FILE } from '../../../src/adapters/store-sqlite/createSqliteDatabase.js';
import { runBackup } from '../../../src/cli/backup.js';
import { runStoreImport } from '../../../src/cli/storeImport.js';
import { loadConfig } from '../../../src/config.js';
import type { AccoladeError } from '../../../src/errors.js';
import { projectPath } from '../../../src/paths.js';
import { createService } from '../../../src/service.js';
import { useTemporaryDirectory } from '../../contract/support/temporaryDirectory.js';
import { passOf } from '../../http/support/awardRequests.js';
import { startTestService } from '../../support/testService.js';

function collectingOutput() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) } };
}

/** Runs an npm script's entry point as `npm run NAME -- ARGS` does, with DATA_DIR set. */
async function runCli(script: string, args: string[], dataDir: string): Promise<{ code: number; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', projectPath('src', 'cli', script), ...args], {
    cwd: projectPath(),
    env: { PATH: process.env['PATH'] ?? '', DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  const [code] = (await once(child, 'exit')) as [number];
  return { code, output };
}

describe('npm run backup', function () {
  this.timeout(60_000);
  const directory = useTemporaryDirectory('accolade-backup-');

  it('copies the store of a running service into a new 0600 file that restores every award', async () => {
    const dataDir = join(directory(), 'data');
    const running = await startTestService({ dataDir });
    const ids: string[] = [];
    try {
      for (let i = 0; i < 5; i += 1) {
        const answer = await running.request('POST', '/api/v1/awards', { body: passOf('AZ-900', '2025-03-01') });
        ids.push(((await answer.json()) as { id: string }).id);
      }
      const backup = join(directory(), 'backup.sqlite');
      const { code, output } = await runCli('backup.ts', [backup], dataDir);
      expect(code, output).to.equal(0);
      expect(output).to.include('Backed up');
      expect(statSync(backup).mode & 0o777).to.equal(0o600);
      const again = await runCli('backup.ts', [backup], dataDir);
      expect(again.code).to.equal(1);
      expect(again.output).to.include('never overwrites');

      // Restore, as the README says: the copy becomes DATA_DIR/accolade.sqlite of a stopped service.
      const restoredDir = join(directory(), 'restored');
      mkdirSync(restoredDir, { mode: 0o700 });
      copyFileSync(backup, join(restoredDir, STORE_FILE));
      const restored = await startTestService({ dataDir: restoredDir });
      try {
        for (const id of ids) expect((await restored.request('GET', `/api/v1/awards/${id}`)).status).to.equal(200);
      } finally {
        await restored.close({ keepData: true });
      }
    } finally {
      await running.close({ keepData: true });
    }
  });

  it('answers a missing file argument with the usage and exit code 2', async () => {
    const { err, output } = collectingOutput();
    expect(await runBackup([], output, { DATA_DIR: directory() })).to.equal(2);
    expect(err.join('\n')).to.include('usage: npm run backup -- FILE');
  });
});

/** nedb's own lines for two collections, as a service of the nedb era left them. */
function writeOldDataDir(dataDir: string, options: { damagedLine?: boolean } = {}): void {
  mkdirSync(dataDir, { recursive: true });
  const awards = [
    '{"$$indexCreated":{"fieldName":"dedupeKey","unique":true,"sparse":false}}',
    '{"_id":"a1","status":"issued","issuedAt":{"$$date":1735689600000},"recipientEmail":"a@example.org"}',
    '{"_id":"a2","status":"issued","recipientEmail":"b@example.org"}',
    ...(options.damagedLine ? ['{"_id":"broken",,}'] : []),
    '{"_id":"a3","status":"issued"}',
    '{"_id":"a1","status":"revoked","issuedAt":{"$$date":1735689600000},"recipientEmail":"a@example.org"}',
    '{"$$deleted":true,"_id":"a3"}',
    '{"_id":"a4","sta',
  ];
  writeFileSync(join(dataDir, 'awards.db'), `${awards.join('\n')}`);
  writeFileSync(join(dataDir, 'apiKeys.db'), '{"_id":"k1","hash":"abc"}\n');
}

describe('npm run store:import', function () {
  this.timeout(60_000);
  const directory = useTemporaryDirectory('accolade-import-');

  it('is what the service names when it refuses to start on an nedb data directory', async () => {
    const dataDir = join(directory(), 'data');
    writeOldDataDir(dataDir);
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const error = await createService(config, { signingWorkers: 0 }).then(
      () => expect.fail('the service started on an nedb directory'),
      (failure: unknown) => failure as AccoladeError,
    );
    expect(error.code).to.equal('store_unavailable');
    expect(error.message).to.include(`npm run store:import -- ${dataDir}`);
  });

  it('imports the last version of each document, drops deleted ones and a torn last line, and reports it', async () => {
    const dataDir = join(directory(), 'data');
    writeOldDataDir(dataDir);
    const { out, err, output } = collectingOutput();
    expect(await runStoreImport([dataDir], output), err.join('\n')).to.equal(0);
    expect(out).to.include(
      'awards: 2 documents imported (7 lines read, 1 deleted, 1 index lines skipped, a last line cut short by a crash dropped)',
    );
    expect(out).to.include('apiKeys: 1 documents imported (1 lines read, 0 deleted, 0 index lines skipped)');
    expect(readdirSync(dataDir).sort()).to.deep.equal(['accolade.sqlite', 'apiKeys.db', 'awards.db']);

    const database = await createSqliteDatabase({ dataDir });
    try {
      const awards = await database.collection({ name: 'awards', indexes: [] });
      expect(await awards.find({}, { sort: { _id: 1 } })).to.deep.equal([
        {
          _id: 'a1',
          status: 'revoked',
          issuedAt: new Date('2025-01-01T00:00:00.000Z'),
          recipientEmail: 'a@example.org',
        },
        { _id: 'a2', status: 'issued', recipientEmail: 'b@example.org' },
      ]);
    } finally {
      await database.close();
    }

    const second = collectingOutput();
    expect(await runStoreImport([dataDir], second.output)).to.equal(1);
    expect(second.err.join('\n')).to.include('runs once');
  });

  it('refuses a file damaged before its last line and leaves no store behind', async () => {
    const dataDir = join(directory(), 'data');
    writeOldDataDir(dataDir, { damagedLine: true });
    const { err, output } = collectingOutput();
    expect(await runStoreImport([dataDir], output)).to.equal(1);
    expect(err.join('\n')).to.include('line 4 is damaged');
    expect(existsSync(join(dataDir, STORE_FILE))).to.equal(false);
    expect(readdirSync(dataDir).sort()).to.deep.equal(['apiKeys.db', 'awards.db']);
  });

  it('runs from the command line as npm run store:import -- DIR', async () => {
    const dataDir = join(directory(), 'data');
    writeOldDataDir(dataDir);
    const { code, output } = await runCli('storeImport.ts', [dataDir], dataDir);
    expect(code, output).to.equal(0);
    expect(output).to.include('awards: 2 documents imported');
  });
});
