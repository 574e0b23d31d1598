import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createSqliteDatabase } from '../../../../src/adapters/store-sqlite/createSqliteDatabase.js';
import { AWARDS_COLLECTION, type AwardRecord } from '../../../../src/app/awards/awardRecord.js';
import {
  SWEEP_RETRY_FIRST_MS,
  SWEEP_RETRY_MAX_MS,
  startAwardMailSweep,
} from '../../../../src/app/mail/awardMailSweep.js';
import { awardMailKey, createAwardNotifications, type SweepPass } from '../../../../src/app/mail/awardNotifications.js';
import { MAIL_COLLECTION, type MailRecord, type MailRequest } from '../../../../src/app/mail/mailRecord.js';
import { type Logger, silentLogger } from '../../../../src/ports/logger.js';
import type { Collection, Database } from '../../../../src/ports/store.js';
import { insertAwardsLeftWithoutMail } from '../../../support/awardsWithoutMail.js';

/** The sweep over a real SQLite store, with a queue that records what it is given. */
describe('the sweep for awards left without their email', () => {
  let dataDir: string;
  let database: Database;
  let awards: Collection<AwardRecord>;
  let mail: Collection<MailRecord>;
  let enqueued: MailRequest[];

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'accolade-sweep-'));
    database = await createSqliteDatabase({ dataDir });
    awards = await database.collection<AwardRecord>(AWARDS_COLLECTION);
    mail = await database.collection<MailRecord>(MAIL_COLLECTION);
    enqueued = [];
  });
  afterEach(async () => {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function awardsWithoutMail(count: number): Promise<string[]> {
    return insertAwardsLeftWithoutMail(awards, count);
  }

  /** The notifications over the store; the queue records each request and stores its message, as the real one does. */
  function notificationsOver(awardsCollection: Collection<AwardRecord> = awards) {
    return createAwardNotifications({
      awards: awardsCollection,
      mail,
      queue: () => ({
        async enqueue(request: MailRequest) {
          enqueued.push(request);
          await mail.insertOne({ _id: request.key, status: 'queued' } as unknown as MailRecord);
          return true;
        },
      }),
    });
  }

  it('stops at the award it was told to, and the next pass queues exactly the rest', async () => {
    const ids = await awardsWithoutMail(1_200);
    const notifications = notificationsOver();
    const first = await notifications.sweep(() => enqueued.length >= 700);
    expect(first).to.deep.equal({ queued: 700, stopped: true });
    const second = await notifications.sweep();
    expect(second).to.deep.equal({ queued: 500, stopped: false });
    expect(enqueued.map((request) => request.key)).to.deep.equal(ids.map(awardMailKey));
  });

  it('skips the awards whose message is already there', async () => {
    const ids = await awardsWithoutMail(10);
    for (const id of ids.slice(0, 4))
      await mail.insertOne({ _id: awardMailKey(id), status: 'sent' } as unknown as MailRecord);
    expect(await notificationsOver().sweep()).to.deep.equal({ queued: 6, stopped: false });
    expect(enqueued.map((request) => request.awardId)).to.deep.equal(ids.slice(4));
  });

  it('reports a store failure with what it queued before it, rather than throwing', async () => {
    await awardsWithoutMail(600);
    let reads = 0;
    const failingOnSecondPage = new Proxy(awards, {
      get(target, property, receiver) {
        if (property !== 'find') return Reflect.get(target, property, receiver);
        return (...args: Parameters<Collection<AwardRecord>['find']>) => {
          reads += 1;
          if (reads === 2) return Promise.reject(new Error('primary stepped down'));
          return target.find(...args);
        };
      },
    });
    const pass = await notificationsOver(failingOnSecondPage).sweep();
    expect(pass.queued).to.equal(500);
    expect(pass.stopped).to.equal(false);
    expect((pass.failure as Error).message).to.equal('primary stepped down');
  });
});

describe('the start-up sweep in the background', () => {
  function recordingLogger(): { logger: Logger; errors: object[] } {
    const errors: object[] = [];
    return {
      logger: {
        ...silentLogger,
        error: (first: object | string) => {
          errors.push(typeof first === 'string' ? { message: first } : first);
        },
      },
      errors,
    };
  }

  it('runs again after a failure, waiting twice as long each time up to the cap, until a pass completes', async () => {
    const passes: SweepPass[] = [
      ...Array.from({ length: 10 }, (_, n) => ({ queued: n, stopped: false, failure: new Error(`down ${n}`) })),
      { queued: 100, stopped: false },
    ];
    const waits: number[] = [];
    const { logger, errors } = recordingLogger();
    const sweep = startAwardMailSweep({
      sweep: async () => passes.shift()!,
      logger,
      pause: async (ms) => {
        waits.push(ms);
      },
    });
    expect(await sweep.swept).to.equal(45 + 100);
    expect(passes).to.deep.equal([]);
    const expectedWaits = Array.from({ length: 10 }, (_, n) =>
      Math.min(SWEEP_RETRY_FIRST_MS * 2 ** n, SWEEP_RETRY_MAX_MS),
    );
    expect(waits).to.deep.equal(expectedWaits);
    expect(waits.at(-1)).to.equal(SWEEP_RETRY_MAX_MS);
    expect(errors).to.have.length(10);
  });

  it('settles its first pass as soon as that pass is over, failed or not', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let passes = 0;
    const sweep = startAwardMailSweep({
      sweep: async () => {
        passes += 1;
        return passes === 1 ? { queued: 3, stopped: false, failure: new Error('down') } : { queued: 0, stopped: false };
      },
      logger: recordingLogger().logger,
      pause: () => held,
    });
    await sweep.firstPass;
    expect(passes).to.equal(1);
    release();
    expect(await sweep.swept).to.equal(3);
    expect(passes).to.equal(2);
  });

  it('stops during a wait without another pass, and hands what it queued', async () => {
    let passes = 0;
    const sweep = startAwardMailSweep({
      sweep: async (stopping) => {
        passes += 1;
        expect(stopping()).to.equal(false);
        return { queued: 7, stopped: false, failure: new Error('down') };
      },
      logger: recordingLogger().logger,
      pause: (_ms, wake) => wake,
    });
    await sweep.firstPass;
    expect(await sweep.stop()).to.equal(7);
    expect(passes).to.equal(1);
  });
});
