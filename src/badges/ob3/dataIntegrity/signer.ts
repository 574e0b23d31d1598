import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AccoladeError } from '../../../errors.js';
import { type ContextDocuments, createContextLoader } from '../../jsonld/documentLoader.js';
import type { DataIntegrityKey } from './key.js';
import {
  type DataIntegrityProofValue,
  type DataIntegritySignOptions,
  signDataIntegrity,
  type WithDataIntegrityProof,
  withProof,
} from './signCredential.js';
import type { SignBatch, SignBatchBody, SignReply, SignWorkerData } from './worker.js';

export interface DataIntegritySigner {
  sign<T extends object>(
    credential: T,
    key: DataIntegrityKey,
    options?: DataIntegritySignOptions,
  ): Promise<WithDataIntegrityProof<T>>;
  /** Stops the worker threads; pending signatures are rejected. */
  close(): Promise<void>;
}

/** A request not yet answered: what to sign, and whom to tell. */
interface Job {
  readonly credential: object;
  readonly key: DataIntegrityKey;
  readonly options: DataIntegritySignOptions;
  resolve(proof: DataIntegrityProofValue): void;
  reject(error: unknown): void;
}

interface PoolWorker {
  /** Started on first use, and again on the next request after a thread dies (never in a loop). */
  worker: Worker | undefined;
  /** The batches posted to this thread and not yet answered, by number. */
  readonly batches: Map<number, readonly Job[]>;
  /** The requests in those batches. */
  jobs: number;
}

/**
 * Batches a thread may hold at once: while it signs one, the next waits in its port, so it never
 * idles for a reply's round trip; more would only take requests another thread could sign sooner.
 */
const BATCHES_PER_WORKER = 2;

/**
 * The most credentials in one message: enough to spare most messages under load, few enough that
 * a batch's first caller is not kept long and that no thread holds much more than another.
 */
const MAX_BATCH = 4;

/**
 * The ES module build of tsx's registration API, found through tsx's own exports map.
 * Neither `import.meta.resolve` nor `require.resolve` will do: tsx may run this very file as
 * CommonJS under mocha, and `require` picks the CommonJS build, which cannot register from a
 * worker.
 */
function tsxEsmApiUrl(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('tsx/package.json');
  const manifest = require(manifestPath) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(manifestPath), manifest.exports['./esm/api']!.import.default)).href;
}

/**
 * Run from TypeScript sources (tests, `tsx`), the worker file is `.ts` and the worker thread does
 * not inherit the parent's `--import tsx` hooks on Node 20, so it registers tsx itself before
 * importing the entry; from compiled `dist/`, the `.js` entry is started directly.
 */
function startWorker(workerData: SignWorkerData): Worker {
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSources ? './worker.ts' : './worker.js', import.meta.url);
  if (!fromSources) return new Worker(entry, { workerData });
  const bootstrap = `import(${JSON.stringify(tsxEsmApiUrl())}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

function signingFailed(message: string, cause?: unknown): AccoladeError {
  return new AccoladeError('internal_error', `Data Integrity signing failed: ${message}`, undefined, { cause });
}

/**
 * Signs credentials with `eddsa-rdfc-2022` proofs. With `workers: 0` it signs in the calling
 * thread; otherwise it keeps that many worker threads, so issuing uses every core. A request
 * made while a thread is idle goes to it at once; those made while every thread is busy go out
 * several to a message, since each message costs the calling thread time it would rather spend
 * on the next request. A thread that dies is replaced and only its own requests fail.
 */
export function createDataIntegritySigner(options: {
  workers: number;
  /** The carried JSON-LD contexts (each thread gets a copy): signing never fetches one. */
  contexts: ContextDocuments;
}): DataIntegritySigner {
  const size = Math.max(0, Math.floor(options.workers));
  if (size === 0) {
    const contexts = createContextLoader(options.contexts);
    return {
      sign: (credential, key, signOptions) => signDataIntegrity(credential, key, contexts, signOptions),
      close: async () => {},
    };
  }

  let nextBatch = 0;
  let closed = false;
  let flushQueued = false;
  const pool: PoolWorker[] = [];
  /** Requests that arrived while every thread held its share of batches. */
  const waiting: Job[] = [];

  function failAll(slot: PoolWorker, error: AccoladeError): void {
    for (const jobs of slot.batches.values()) for (const job of jobs) job.reject(error);
    slot.batches.clear();
    slot.jobs = 0;
  }

  function answer(slot: PoolWorker, worker: Worker, reply: SignReply): void {
    const jobs = slot.batches.get(reply.batch);
    if (jobs === undefined) return;
    slot.batches.delete(reply.batch);
    slot.jobs -= jobs.length;
    if (slot.batches.size === 0) worker.unref();
    for (const [index, job] of jobs.entries()) {
      const result = reply.results[index];
      if (result === undefined) job.reject(signingFailed('no answer from the worker thread'));
      else if (result.ok) job.resolve(result.proof);
      else job.reject(signingFailed(result.message));
    }
    dispatch();
  }

  function workerOf(slot: PoolWorker): Worker {
    if (slot.worker !== undefined) return slot.worker;
    const worker = startWorker({ contexts: options.contexts });
    slot.worker = worker;
    worker.unref();
    worker.on('message', (reply: SignReply) => answer(slot, worker, reply));
    worker.on('error', (error) => failAll(slot, signingFailed(error.message, error)));
    worker.on('exit', () => {
      if (slot.worker === worker) slot.worker = undefined;
      failAll(slot, signingFailed('worker thread exited'));
      dispatch();
    });
    return worker;
  }

  for (let index = 0; index < size; index += 1) {
    const slot: PoolWorker = { worker: undefined, batches: new Map(), jobs: 0 };
    workerOf(slot);
    pool.push(slot);
  }

  /** Posts `jobs` to `slot`'s thread as one message. */
  function post(slot: PoolWorker, jobs: readonly Job[]): void {
    const worker = workerOf(slot);
    const keys: DataIntegrityKey[] = [];
    const body = {
      keys,
      jobs: jobs.map((job) => {
        let key = keys.indexOf(job.key);
        if (key < 0) key = keys.push(job.key) - 1;
        return { credential: job.credential, key, options: job.options };
      }),
    } satisfies SignBatchBody;
    const batch = nextBatch++;
    slot.batches.set(batch, jobs);
    slot.jobs += jobs.length;
    worker.ref();
    worker.postMessage({ batch, bodyJson: JSON.stringify(body) } satisfies SignBatch);
  }

  /**
   * Shares the waiting requests among the threads that can take a batch, those holding fewest requests first, each
   * a like part (at most `MAX_BATCH`), until none is waiting or every thread has its share.
   */
  function dispatch(): void {
    while (waiting.length > 0) {
      const open = pool.filter((slot) => slot.batches.size < BATCHES_PER_WORKER);
      if (open.length === 0) return;
      open.sort((a, b) => a.jobs - b.jobs);
      for (const slot of open) {
        const take = Math.min(MAX_BATCH, Math.ceil(waiting.length / open.length));
        post(slot, waiting.splice(0, take));
        if (waiting.length === 0) return;
      }
    }
  }

  function flushSoon(): void {
    if (flushQueued) return;
    flushQueued = true;
    queueMicrotask(() => {
      flushQueued = false;
      dispatch();
    });
  }

  return {
    sign<T extends object>(credential: T, key: DataIntegrityKey, signOptions: DataIntegritySignOptions = {}) {
      if (closed) return Promise.reject(signingFailed('the signer is closed'));
      return new Promise<WithDataIntegrityProof<T>>((resolve, reject) => {
        waiting.push({
          credential,
          key,
          options: signOptions,
          resolve: (proof) => resolve(withProof(credential, proof)),
          reject,
        });
        // A thread with nothing to do starts at once; requests made while every thread works go
        // out together once this turn's code has run, so that one message carries them all.
        const idle = pool.find((slot) => slot.batches.size === 0);
        if (idle !== undefined) post(idle, waiting.splice(0, MAX_BATCH));
        else flushSoon();
      });
    },
    async close() {
      closed = true;
      for (const job of waiting.splice(0)) job.reject(signingFailed('the signer is closed'));
      await Promise.all(pool.map((slot) => slot.worker?.terminate()));
    },
  };
}
