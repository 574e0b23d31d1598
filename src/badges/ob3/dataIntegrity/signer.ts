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
import type { SignReply, SignRequest, SignWorkerData } from './worker.js';

export interface DataIntegritySigner {
  sign<T extends object>(
    credential: T,
    key: DataIntegrityKey,
    options?: DataIntegritySignOptions,
  ): Promise<WithDataIntegrityProof<T>>;
  /** Stops the worker threads; pending signatures are rejected. */
  close(): Promise<void>;
}

interface Pending {
  resolve(proof: DataIntegrityProofValue): void;
  reject(error: unknown): void;
}

interface PoolWorker {
  /** Started on first use, and again on the next request after a thread dies (never in a loop). */
  worker: Worker | undefined;
  readonly pending: Map<number, Pending>;
}

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
 * thread; otherwise it keeps that many worker threads and hands each request to the least busy,
 * so issuing uses every core. A thread that dies is replaced and only its own requests fail.
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

  let nextId = 0;
  let closed = false;
  const pool: PoolWorker[] = [];

  function failAll(slot: PoolWorker, error: AccoladeError): void {
    for (const pending of slot.pending.values()) pending.reject(error);
    slot.pending.clear();
  }

  function workerOf(slot: PoolWorker): Worker {
    if (slot.worker !== undefined) return slot.worker;
    const worker = startWorker({ contexts: options.contexts });
    slot.worker = worker;
    worker.unref();
    worker.on('message', (reply: SignReply) => {
      const pending = slot.pending.get(reply.id);
      if (pending === undefined) return;
      slot.pending.delete(reply.id);
      if (slot.pending.size === 0) worker.unref();
      if (reply.ok) pending.resolve(reply.proof);
      else pending.reject(signingFailed(reply.message));
    });
    worker.on('error', (error) => failAll(slot, signingFailed(error.message, error)));
    worker.on('exit', () => {
      if (slot.worker === worker) slot.worker = undefined;
      failAll(slot, signingFailed('worker thread exited'));
    });
    return worker;
  }

  for (let index = 0; index < size; index += 1) {
    const slot: PoolWorker = { worker: undefined, pending: new Map() };
    workerOf(slot);
    pool.push(slot);
  }

  function leastBusy(): PoolWorker {
    return pool.reduce((best, slot) => (slot.pending.size < best.pending.size ? slot : best));
  }

  return {
    sign<T extends object>(credential: T, key: DataIntegrityKey, signOptions: DataIntegritySignOptions = {}) {
      if (closed) return Promise.reject(signingFailed('the signer is closed'));
      const slot = leastBusy();
      const id = nextId++;
      return new Promise<WithDataIntegrityProof<T>>((resolve, reject) => {
        const worker = workerOf(slot);
        slot.pending.set(id, { resolve: (proof) => resolve(withProof(credential, proof)), reject });
        worker.ref();
        const credentialJson = JSON.stringify(credential);
        worker.postMessage({ id, credentialJson, key, options: signOptions } satisfies SignRequest);
      });
    },
    async close() {
      closed = true;
      await Promise.all(pool.map((slot) => slot.worker?.terminate()));
    },
  };
}
