import { spawnSync } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { acquireDataDirLock } from '../../../../src/adapters/store-embedded/dataDirLock.js';
import { expectCode } from '../../../contract/support/rejections.js';
import { useTemporaryDirectory } from '../../../contract/support/temporaryDirectory.js';

function pidOfAFinishedProcess(): number {
  const finished = spawnSync(process.execPath, ['-e', '']);
  return finished.pid!;
}

describe('the data directory lock', () => {
  const directory = useTemporaryDirectory('accolade-lock-');
  let dataDir: string;
  let lockFile: string;

  beforeEach(() => {
    dataDir = directory();
    lockFile = join(dataDir, '.lock');
  });

  it('writes the pid of the owner to DATA_DIR/.lock and removes it on release', async () => {
    const lock = await acquireDataDirLock(dataDir);
    expect(await readFile(lockFile, 'utf8')).to.equal(`${process.pid}\n`);
    expect(await lock.isHeld()).to.equal(true);
    await lock.release();
    expect(await stat(lockFile).catch(() => null)).to.equal(null);
  });

  it('refuses with store_unavailable while another live process holds it', async () => {
    await writeFile(lockFile, `${process.ppid}\n`);
    const error = await expectCode(() => acquireDataDirLock(dataDir), 'store_unavailable');
    expect(error.details).to.include({ pid: process.ppid });
    expect(await readFile(lockFile, 'utf8')).to.equal(`${process.ppid}\n`);
  });

  it('refuses a second open of the same directory within this process', async () => {
    const lock = await acquireDataDirLock(dataDir);
    await expectCode(() => acquireDataDirLock(dataDir), 'store_unavailable');
    await lock.release();
    await (await acquireDataDirLock(dataDir)).release();
  });

  it('takes over a lock left by a process that is gone', async () => {
    await writeFile(lockFile, `${pidOfAFinishedProcess()}\n`);
    const lock = await acquireDataDirLock(dataDir);
    expect(await readFile(lockFile, 'utf8')).to.equal(`${process.pid}\n`);
    await lock.release();
  });

  it('takes over a lock with our own pid that an earlier run left (a restarted container)', async () => {
    await writeFile(lockFile, `${process.pid}\n`);
    const lock = await acquireDataDirLock(dataDir);
    expect(await lock.isHeld()).to.equal(true);
    await lock.release();
  });

  it('takes over an empty or unreadable lock file', async () => {
    await writeFile(lockFile, 'garbage');
    const lock = await acquireDataDirLock(dataDir);
    expect(await lock.isHeld()).to.equal(true);
    await lock.release();
  });

  it('leaves alone on release a lock that another process has taken since', async () => {
    const lock = await acquireDataDirLock(dataDir);
    await writeFile(lockFile, `${process.ppid}\n`);
    expect(await lock.isHeld()).to.equal(false);
    await lock.release();
    expect(await readFile(lockFile, 'utf8')).to.equal(`${process.ppid}\n`);
  });
});
