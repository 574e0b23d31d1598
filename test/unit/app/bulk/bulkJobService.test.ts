import { expect } from 'chai';
import type { AwardRequest } from '../../../../src/app/awards/awardRequest.js';
import type { IssueAward } from '../../../../src/app/awards/issueAward.js';
import type { BulkJobService } from '../../../../src/app/bulk/bulkJobService.js';
import type { BulkJobView } from '../../../../src/app/bulk/bulkJobView.js';
import {
  BULK_JOBS_COLLECTION,
  BULK_RESULTS_COLLECTION,
  INPUT_CHUNK_ROWS,
  resultChunk,
} from '../../../../src/app/bulk/bulkRecords.js';
import { AccoladeError } from '../../../../src/errors.js';
import type {
  Collection,
  CollectionDefinition,
  Database,
  Filter,
  FindOptions,
  StoredDocument,
} from '../../../../src/ports/store.js';
import {
  type BulkWorld,
  bulkWorld,
  csvOf,
  fundamentalsRows,
  passRow,
  rejectionOf,
  rowsOf,
  runToEnd,
} from './bulkFixtures.js';

/** `database`, counting the result chunks its bulk result collection returns from find. */
function countingResultReads(database: Database, read: { chunks: number }): Database {
  return {
    kind: database.kind,
    ping: () => database.ping(),
    close: () => database.close(),
    async collection<T extends StoredDocument>(definition: CollectionDefinition): Promise<Collection<T>> {
      const collection = await database.collection<T>(definition);
      if (definition.name !== BULK_RESULTS_COLLECTION.name) return collection;
      return Object.assign(Object.create(collection) as Collection<T>, {
        async find(filter: Filter, options?: FindOptions) {
          const found = await collection.find(filter, options);
          read.chunks += found.length;
          return found;
        },
      });
    },
  };
}

async function rejectionCode(promise: Promise<unknown>): Promise<string> {
  return (await rejectionOf(promise)).code;
}

/** Each row's error code, or its status when it has none. */
function outcomesOf(job: BulkJobView): string[] {
  return rowsOf(job).map((row) => row.error?.code ?? row.status);
}

/** The awards of one recipient as "achievement earnedBy earnedOn", in a stable order. */
async function awardsOf(world: BulkWorld, email: string): Promise<string[]> {
  const awards = await world.awards.find({ recipientEmail: email });
  return awards.map((award) => `${award.achievementId} ${award.earnedBy ?? '-'} ${award.earnedOn}`).sort();
}

describe('bulk issuance jobs', () => {
  let world: BulkWorld;
  let service: BulkJobService;

  beforeEach(async () => {
    world = await bulkWorld();
    service = await world.service();
  });
  afterEach(() => world.dispose());

  describe('a JSON job', () => {
    it('is accepted as queued with its counts before any row is applied', async () => {
      const accepted = await service.submit({ kind: 'json', rows: fundamentalsRows(3) }, 'key-1');
      expect(accepted).to.include({ status: 'queued', source: 'json', submittedBy: 'key-1' });
      expect(accepted.counts).to.deep.equal({ total: 3, processed: 0, succeeded: 0, duplicates: 0, failed: 0 });
      await service.waitForIdle();
    });

    it('completes with an award id for every row, in submitted order', async () => {
      const job = await runToEnd(service, { kind: 'json', rows: fundamentalsRows(25) });
      expect(job.status).to.equal('completed');
      expect(job.counts).to.deep.equal({ total: 25, processed: 25, succeeded: 25, duplicates: 0, failed: 0 });
      expect(job.startedAt).to.be.a('string');
      expect(job.finishedAt).to.be.a('string');
      expect(rowsOf(job).map((row) => row.index)).to.deep.equal([...Array(25).keys()]);
      expect(rowsOf(job).every((row) => row.status === 'created' && typeof row.awardId === 'string')).to.equal(true);
      expect(await world.count('awards')).to.equal(25);
    });

    it('queues each recipient email in its award rather than sending it', async () => {
      await runToEnd(service, { kind: 'json', rows: fundamentalsRows(3) });
      expect(await world.awards.count({ notification: 'queued' })).to.equal(3);
    });

    it('fails a row of the wrong shape with validation_failed and its paths, and runs the others', async () => {
      const rows = [
        passRow('ana@contoso.com', 'AZ-900', '2024-05-01'),
        { recipient: { email: 'bo@contoso.com' }, grade: 'A' },
      ];
      const job = await runToEnd(service, { kind: 'json', rows });
      const [good, bad] = rowsOf(job);
      expect(good?.status).to.equal('created');
      expect(bad?.status).to.equal('failed');
      expect(bad?.error?.code).to.equal('validation_failed');
      const problems = (bad?.error?.details?.['errors'] ?? []) as { path: string }[];
      const paths = problems.map((problem) => problem.path);
      expect(paths).to.include.members(['/grade', '/recipient/name', '/achievement']);
    });

    it('fails a malformed email with invalid_email and a malformed date with invalid_date while the rest succeed', async () => {
      const rows = [
        passRow('ana@contoso.com', 'AZ-900', '2024-05-01'),
        passRow('not-an-address', 'AZ-900', '2024-05-01'),
        passRow('bo@contoso.com', 'AZ-900', '2024-02-30'),
        passRow('cy@contoso.com', 'AZ-900', '2024-05-01'),
      ];
      const job = await runToEnd(service, { kind: 'json', rows });
      expect(outcomesOf(job)).to.deep.equal(['created', 'invalid_email', 'invalid_date', 'created']);
      expect(job.counts).to.deep.equal({ total: 4, processed: 4, succeeded: 2, duplicates: 0, failed: 2 });
      expect(await world.count('awards')).to.equal(2);
    });

    it('fails a pass the programme gives no badge for with not_eligible and its rule', async () => {
      const job = await runToEnd(service, { kind: 'json', rows: [passRow('ana@contoso.com', '74-343', '2018-01-10')] });
      expect(rowsOf(job)[0]?.error?.code).to.equal('not_eligible');
      expect(rowsOf(job)[0]?.error?.details?.['rule']).to.equal('excluded');
    });

    it('refuses a body that is not an array with validation_failed and stores nothing', async () => {
      expect(await rejectionCode(service.submit({ kind: 'json', rows: { rows: [] } }, 'key-1'))).to.equal(
        'validation_failed',
      );
      expect(await world.bulkDocuments()).to.equal(0);
    });

    it('refuses an empty array with validation_failed', async () => {
      expect(await rejectionCode(service.submit({ kind: 'json', rows: [] }, 'key-1'))).to.equal('validation_failed');
    });
  });

  describe('a CSV job', () => {
    it('reads a BOM, CRLF, quoted fields and a header in any case and order', async () => {
      const text = `\uFEFF${csvOf([
        'EarnedOn,Achievement,Email,Name,Locale,externalID',
        '2024-05-01,AZ-900,ana@contoso.com,"Silva, Ana",fr-FR,sis-1',
        '2024-05-02,AZ-900,bo@contoso.com,"Bo ""the"" Builder",,',
      ])}`;
      const job = await runToEnd(service, { kind: 'csv', text: Buffer.from(text, 'utf8') });
      expect(job.counts).to.include({ total: 2, succeeded: 2, failed: 0 });
      const ana = await world.awards.findOne({ recipientEmail: 'ana@contoso.com' });
      expect(ana).to.include({ recipientName: 'Silva, Ana', recipientLocale: 'fr', externalId: 'sis-1' });
      const bo = await world.awards.findOne({ recipientEmail: 'bo@contoso.com' });
      expect(bo?.recipientName).to.equal('Bo "the" Builder');
      expect(bo?.externalId).to.equal(undefined);
    });

    it('fails a row with the wrong number of fields with invalid_csv and its line, and runs the others', async () => {
      const text = csvOf([
        'email,name,achievement,earnedOn',
        'ana@contoso.com,Ana,AZ-900,2024-05-01',
        'bo@contoso.com,Bo,AZ-900',
        'cy@contoso.com,Cy,AZ-900,2024-05-01,extra',
        'di@contoso.com,Di,AZ-900,2024-05-01',
      ]);
      const job = await runToEnd(service, { kind: 'csv', text });
      expect(outcomesOf(job)).to.deep.equal(['created', 'invalid_csv', 'invalid_csv', 'created']);
      expect(rowsOf(job)[1]?.error?.details).to.include({ line: 3, expectedFields: 4, foundFields: 3 });
    });

    it('refuses a header with an unknown column, naming it, and stores nothing', async () => {
      const text = csvOf(['email,name,achievement,earnedOn,grade', 'ana@contoso.com,Ana,AZ-900,2024-05-01,A']);
      const failure = await rejectionOf(service.submit({ kind: 'csv', text }, 'key-1'));
      expect(failure.code).to.equal('invalid_csv');
      expect(failure.details?.['unknownColumns']).to.deep.equal(['grade']);
      expect(await world.bulkDocuments()).to.equal(0);
    });

    it('refuses a header without a required column with invalid_csv', async () => {
      const text = csvOf(['email,name,achievement', 'ana@contoso.com,Ana,AZ-900']);
      const failure = await rejectionOf(service.submit({ kind: 'csv', text }, 'key-1'));
      expect(failure.code).to.equal('invalid_csv');
      expect(failure.details?.['missingColumns']).to.deep.equal(['earnedOn']);
    });

    it('refuses a file with a stray quote with invalid_csv and stores nothing', async () => {
      const text = csvOf(['email,name,achievement,earnedOn', 'ana@contoso.com,"Ana"x,AZ-900,2024-05-01']);
      expect(await rejectionCode(service.submit({ kind: 'csv', text }, 'key-1'))).to.equal('invalid_csv');
      expect(await world.bulkDocuments()).to.equal(0);
    });

    it('refuses a file with a header and no rows with validation_failed', async () => {
      const text = csvOf(['email,name,achievement,earnedOn']);
      expect(await rejectionCode(service.submit({ kind: 'csv', text }, 'key-1'))).to.equal('validation_failed');
      expect(await rejectionCode(service.submit({ kind: 'csv', text: '' }, 'key-1'))).to.equal('validation_failed');
    });
  });

  describe('size limit', () => {
    it('refuses more rows than maxRows with bulk_too_large and stores nothing', async () => {
      const small = await world.service({ maxRows: 10 });
      expect(await rejectionCode(small.submit({ kind: 'json', rows: fundamentalsRows(11) }, 'key-1'))).to.equal(
        'bulk_too_large',
      );
      const lines = [
        'email,name,achievement,earnedOn',
        ...Array.from({ length: 11 }, (_, n) => `c${n}@x.io,C,AZ-900,2024-05-01`),
      ];
      expect(await rejectionCode(small.submit({ kind: 'csv', text: csvOf(lines) }, 'key-1'))).to.equal(
        'bulk_too_large',
      );
      expect(await world.bulkDocuments()).to.equal(0);
    });

    it('accepts exactly maxRows rows', async () => {
      const small = await world.service({ maxRows: 10 });
      const job = await runToEnd(small, { kind: 'json', rows: fundamentalsRows(10) });
      expect(job.counts.succeeded).to.equal(10);
    });
  });

  describe('ordering', () => {
    // AZ-305 then the earlier AZ-104, as a file might list them.
    const reverseOrder = (email: string) => [
      passRow(email, 'AZ-305', '2024-03-01', { externalId: `${email}-305` }),
      passRow(email.toUpperCase(), 'AZ-104', '2024-01-10', { externalId: `${email}-104` }),
    ];

    it('applies a recipient rows in earnedOn order, so AZ-305 + AZ-104 yield the same awards as one by one', async () => {
      const job = await runToEnd(service, { kind: 'json', rows: reverseOrder('ana@contoso.com') });
      expect(job.counts.failed).to.equal(0);

      for (const row of [...reverseOrder('bo@contoso.com')].reverse()) {
        await world.issueAward(row as unknown as AwardRequest);
      }
      const bulk = await awardsOf(world, 'ana@contoso.com');
      expect(bulk).to.deep.equal(await awardsOf(world, 'bo@contoso.com'));
      expect(bulk).to.deep.equal([
        'azure-administrator-associate AZ-104 2024-01-10T00:00:00Z',
        'azure-solutions-architect-expert AZ-305 2024-03-01T00:00:00Z',
      ]);
    });

    it('reports the expert certification on the AZ-305 row', async () => {
      const job = await runToEnd(service, { kind: 'json', rows: reverseOrder('ana@contoso.com') });
      const expert = await world.awards.findOne({ achievementId: 'azure-solutions-architect-expert' });
      expect(rowsOf(job)[0]?.awardId).to.equal(expert?._id);
    });
  });

  describe('re-submission', () => {
    it('creates nothing new when a job with externalIds is submitted again', async () => {
      const first = await runToEnd(service, { kind: 'json', rows: fundamentalsRows(20) });
      const second = await runToEnd(service, { kind: 'json', rows: fundamentalsRows(20) });
      expect(second.counts).to.deep.equal({ total: 20, processed: 20, succeeded: 20, duplicates: 0, failed: 0 });
      expect(rowsOf(second).every((row) => row.status === 'replayed')).to.equal(true);
      expect(rowsOf(second).map((row) => row.awardId)).to.deep.equal(rowsOf(first).map((row) => row.awardId));
      expect(await world.count('awards')).to.equal(20);
    });

    it('marks rows without externalIds as duplicates when submitted again', async () => {
      await runToEnd(service, { kind: 'json', rows: fundamentalsRows(5, { externalIds: false }) });
      const second = await runToEnd(service, { kind: 'json', rows: fundamentalsRows(5, { externalIds: false }) });
      expect(second.counts).to.include({ duplicates: 5, succeeded: 0 });
      expect(await world.count('awards')).to.equal(5);
    });

    it('fails a row whose externalId was used for another pass with idempotency_conflict', async () => {
      await runToEnd(service, { kind: 'json', rows: fundamentalsRows(1) });
      const reused = passRow('someone.else@contoso.com', 'AZ-900', '2024-05-01', { externalId: 'sis-0' });
      const job = await runToEnd(service, { kind: 'json', rows: [reused] });
      expect(rowsOf(job)[0]?.error?.code).to.equal('idempotency_conflict');
    });
  });

  describe('reading a job', () => {
    it('pages the rows by offset and limit', async () => {
      const accepted = await service.submit({ kind: 'json', rows: fundamentalsRows(30) }, 'key-1');
      await service.waitForIdle();
      const page = await service.get(accepted.id, { offset: 25, limit: 10 });
      expect(page.rows?.items.map((row) => row.index)).to.deep.equal([25, 26, 27, 28, 29]);
      expect(page.rows).to.include({ offset: 25, limit: 10 });
    });

    it('pages results written in many small batches, with rows refused at submission among them', async () => {
      const batched = await world.service({ concurrency: 3, flushEvery: 3 });
      const rows = fundamentalsRows(20);
      rows[4] = passRow('not-an-address', 'AZ-900', '2024-05-01');
      rows[13] = passRow('bo@contoso.com', 'AZ-900', '2024-02-30');
      const accepted = await batched.submit({ kind: 'json', rows }, 'key-1');
      await batched.waitForIdle();
      const page = await batched.get(accepted.id, { offset: 2, limit: 13 });
      expect(page.rows?.items.map((row) => row.index)).to.deep.equal([...Array(13).keys()].map((n) => n + 2));
      expect(outcomesOf(page)).to.deep.equal([
        ...Array(2).fill('created'),
        'invalid_email',
        ...Array(8).fill('created'),
        'invalid_date',
        'created',
      ]);
      expect(await world.count('bulkResults')).to.be.within(2, 20);
    });

    it('reads a page of rows in a job of many result chunks from the few that hold those rows', async () => {
      const read = { chunks: 0 };
      const counting = await world.service({ database: countingResultReads(world.database, read), flushEvery: 100 });
      const accepted = await counting.submit({ kind: 'json', rows: fundamentalsRows(2500) }, 'key-1');
      await counting.waitForIdle();
      // About 25 chunks of 100: one results write at a time, so a write still in flight lets the
      // next chunk grow past 100 rows and how many there are depends on timing; many is enough.
      expect(await world.count('bulkResults')).to.be.at.least(15);
      read.chunks = 0;
      const page = await counting.get(accepted.id, { offset: 1200, limit: 100 });
      expect(page.rows?.items.map((row) => row.status)).to.deep.equal(Array(100).fill('created'));
      // Batches of 100 rows: the 1,000 rows of the page's bucket are in about ten chunks.
      expect(read.chunks).to.be.within(1, 12);
    });

    it('answers an unknown job with not_found', async () => {
      expect(await rejectionCode(service.get('no-such-job'))).to.equal('not_found');
    });

    it('refuses a limit over 1000 with validation_failed', async () => {
      const accepted = await service.submit({ kind: 'json', rows: fundamentalsRows(1) }, 'key-1');
      expect(await rejectionCode(service.get(accepted.id, { limit: 1001 }))).to.equal('validation_failed');
      await service.waitForIdle();
    });
  });

  describe('stopping and resuming', () => {
    /** issueAward that closes the service after `after` rows, as a shutdown in the middle of a job would. */
    function stoppingAfter(after: number, calls: { count: number }, stop: () => Promise<void>): IssueAward {
      return async (request, options) => {
        calls.count += 1;
        if (calls.count === after) void stop();
        return world.issueAward(request, options);
      };
    }

    it('finishes a job stopped mid-way after a restart, never applying a row twice', async () => {
      const calls = { count: 0 };
      let stopping: Promise<void> | undefined;
      const first = await world.service({
        concurrency: 2,
        issueAward: stoppingAfter(40, calls, () => {
          stopping = first.close();
          return stopping;
        }),
      });
      const accepted = await first.submit({ kind: 'json', rows: fundamentalsRows(120) }, 'key-1');
      await first.waitForIdle();
      await stopping;
      const stopped = await first.get(accepted.id);
      expect(stopped.status).to.equal('running');
      expect(stopped.counts.processed).to.be.within(40, 41);

      await world.restart();
      const second = await world.service({ issueAward: stoppingAfter(0, calls, async () => undefined) });
      expect(await second.resumeUnfinished()).to.deep.equal({ resumed: 1, discarded: 0 });
      await second.waitForIdle();
      const job = await second.get(accepted.id, { limit: 1000 });
      expect(job.status).to.equal('completed');
      expect(job.counts).to.deep.equal({ total: 120, processed: 120, succeeded: 120, duplicates: 0, failed: 0 });
      expect(calls.count).to.equal(120);
      expect(rowsOf(job).every((row) => row.status === 'created')).to.equal(true);
      expect(await world.count('awards')).to.equal(120);
    });

    it('replays, rather than issues again, rows applied before a crash whose results were never written', async () => {
      // A worker that issues 7 awards, keeps their results unwritten, then never returns: as a
      // process killed between issuing and recording.
      const issued: string[] = [];
      let release: (error: unknown) => void = () => undefined;
      let hung: () => void = () => undefined;
      const hanging = new Promise<void>((resolve) => {
        hung = resolve;
      });
      const crashed = await world.service({
        concurrency: 1,
        flushEvery: 1000,
        flushIntervalMs: 60_000,
        issueAward: async (request, options) => {
          if (issued.length === 7) {
            hung();
            return new Promise((_, reject) => {
              release = reject;
            });
          }
          const result = await world.issueAward(request, options);
          issued.push(result.award._id);
          return result;
        },
      });
      const accepted = await crashed.submit({ kind: 'json', rows: fundamentalsRows(10, { externalIds: false }) }, 'k');
      await hanging;
      let job: BulkJobView;
      try {
        expect((await crashed.get(accepted.id)).counts.processed).to.equal(0);
        const successor = await world.service();
        expect(await successor.resumeUnfinished()).to.deep.equal({ resumed: 1, discarded: 0 });
        await successor.waitForIdle();
        job = await successor.get(accepted.id);
        expect(job.counts).to.deep.equal({ total: 10, processed: 10, succeeded: 10, duplicates: 0, failed: 0 });
        expect(rowsOf(job).every((row) => row.status === 'created')).to.equal(true);
        expect(
          rowsOf(job)
            .map((row) => row.awardId)
            .slice(0, 7),
        ).to.deep.equal(issued);
        expect(await world.count('awards')).to.equal(10);
      } finally {
        // The stalled worker wakes up late ...
        release(new AccoladeError('store_unavailable', 'The process was gone'));
        await crashed.waitForIdle();
      }
      // ... and its results lose to those already written.
      expect(await crashed.get(accepted.id)).to.deep.equal(job);
    });

    it('keeps its rows in chunks while the job runs and drops them once it completes', async () => {
      let open: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        open = resolve;
      });
      const gated = await world.service({
        issueAward: async (request, options) => {
          await gate;
          return world.issueAward(request, options);
        },
      });
      const accepted = await gated.submit({ kind: 'json', rows: fundamentalsRows(INPUT_CHUNK_ROWS + 1) }, 'key-1');
      expect(await world.count('bulkRows')).to.equal(2);
      open();
      await gated.waitForIdle();
      expect((await gated.get(accepted.id)).counts.processed).to.equal(INPUT_CHUNK_ROWS + 1);
      expect(await world.count('bulkRows')).to.equal(0);
    });

    it('counts a row recorded twice once, and shows its first result', async () => {
      const job = await runToEnd(service, { kind: 'json', rows: fundamentalsRows(5) });
      const results = await world.database.collection(BULK_RESULTS_COLLECTION);
      const late = { index: 0, status: 'failed' as const, error: { code: 'conflict' as const, message: 'late' } };
      await results.insertOne(resultChunk(job.id, [late]));
      const jobs = await world.database.collection(BULK_JOBS_COLLECTION);
      await jobs.updateMany({ _id: job.id }, { $set: { status: 'running' } });

      expect(await service.resumeUnfinished()).to.deep.equal({ resumed: 1, discarded: 0 });
      await service.waitForIdle();
      const resumed = await service.get(job.id, { limit: 1000 });
      expect(resumed.status).to.equal('completed');
      expect(resumed.counts).to.deep.equal({ total: 5, processed: 5, succeeded: 5, duplicates: 0, failed: 0 });
      expect(rowsOf(resumed)).to.deep.equal(rowsOf(job));
    });

    it('drops a submission whose rows were not all stored', async () => {
      const accepted = await service.submit({ kind: 'json', rows: fundamentalsRows(3) }, 'key-1');
      await service.waitForIdle();
      const jobs = await world.database.collection(BULK_JOBS_COLLECTION);
      await jobs.updateMany({ _id: accepted.id }, { $set: { status: 'receiving' } });

      await world.restart();
      const restarted = await world.service();
      expect(await restarted.resumeUnfinished()).to.deep.equal({ resumed: 0, discarded: 1 });
      expect(await world.bulkDocuments()).to.equal(0);
    });

    it('refuses new jobs once closing', async () => {
      await service.close();
      expect(await rejectionCode(service.submit({ kind: 'json', rows: fundamentalsRows(1) }, 'key-1'))).to.equal(
        'store_unavailable',
      );
    });
  });
});
