import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadConfig } from '../../src/config.js';
import type { AccoladeError } from '../../src/errors.js';
import { createService } from '../../src/service.js';
import { startTestService, type TestService } from '../support/testService.js';
import { passOf } from './support/awardRequests.js';

/** Writes zeros to `file` until the file system refuses with ENOSPC. */
function fillUp(file: string): void {
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(16 * 1024);
  try {
    for (;;) writeSync(fd, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

describe('the SQLite store on a full disk', function () {
  this.timeout(120_000);
  let mountPoint: string | undefined;

  before(function () {
    if (process.getuid?.() !== 0) {
      console.log('    full-disk test skipped: mounting a small tmpfs needs root');
      this.skip();
    }
    mountPoint = mkdtempSync(join(tmpdir(), 'accolade-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint]);
  });

  after(() => {
    if (mountPoint === undefined) return;
    execFileSync('umount', [mountPoint]);
    rmdirSync(mountPoint);
  });

  it('answers 503 store_unavailable once full, names the cause at start-up and keeps every award it acknowledged', async () => {
    const dataDir = join(mountPoint!, 'data');
    let service: TestService = await startTestService({ dataDir });
    const acknowledged: string[] = [];
    let refused = 0;
    // Ten requests at a time until twenty have been refused (a bound, not a clock).
    for (let round = 0; round < 500 && refused < 20; round += 1) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          service.request('POST', '/api/v1/awards', { body: passOf('AZ-900', '2025-03-01') }),
        ),
      );
      for (const answer of answers) {
        const body = (await answer.json()) as { id?: string; error?: { code: string } };
        if (answer.status === 201) acknowledged.push(body.id!);
        else {
          expect(answer.status).to.equal(503);
          expect(body.error?.code).to.equal('store_unavailable');
          refused += 1;
        }
      }
    }
    expect(refused).to.be.at.least(20);
    expect(acknowledged.length).to.be.greaterThan(0);
    await service.close({ keepData: true });

    // Start-up on a disk with no room at all fails, naming the real cause.
    fillUp(join(mountPoint!, 'filler'));
    const config = loadConfig({
      DATA_DIR: dataDir,
      KEY_ENCRYPTION_SECRET: 'test-key-encryption-secret-0123456789',
      LOG_LEVEL: 'silent',
    });
    const failure = await createService(config, { signingWorkers: 0 }).then(
      async (started) => {
        await started.close();
        expect.fail('the service started on a full disk');
      },
      (error: unknown) => error as AccoladeError,
    );
    expect(failure.code).to.equal('store_unavailable');
    expect(failure.message).to.include('no space left on device');

    // With room again, every acknowledged award is there.
    rmSync(join(mountPoint!, 'filler'));
    execFileSync('mount', ['-o', 'remount,size=16m', mountPoint!]);
    service = await startTestService({ dataDir });
    try {
      for (const id of acknowledged) {
        const answer = await service.request('GET', `/api/v1/awards/${id}`);
        expect(answer.status, id).to.equal(200);
      }
    } finally {
      await service.close({ keepData: true });
    }
  });
});
