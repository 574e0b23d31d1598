import { parentPort, workerData } from 'node:worker_threads';
import { type ContextDocuments, createContextLoader } from '../../jsonld/documentLoader.js';
import type { DataIntegrityKey } from './key.js';
import { type DataIntegrityProofValue, type DataIntegritySignOptions, dataIntegrityProof } from './signCredential.js';

/** One credential of a batch: its key, as an index into the batch's keys, and its options. */
export interface SignJob {
  readonly credential: object;
  readonly key: number;
  readonly options: DataIntegritySignOptions;
}

/** What a batch carries, as one JSON text: each distinct key once, then the jobs in order. */
export interface SignBatchBody {
  readonly keys: readonly DataIntegrityKey[];
  readonly jobs: readonly SignJob[];
}

/**
 * One message of `createDataIntegritySigner`: several credentials at once when several were
 * waiting, all as a single JSON text (one string is the cheapest thing to post, and one
 * `JSON.stringify` of the batch costs the parent less than one per credential). Only the proofs
 * come back, in one reply per batch.
 */
export interface SignBatch {
  readonly batch: number;
  readonly bodyJson: string;
}

export type SignResult =
  | { readonly ok: true; readonly proof: DataIntegrityProofValue }
  | { readonly ok: false; readonly message: string };

export interface SignReply {
  readonly batch: number;
  /** One result per job, in the batch's order: a job that fails fails alone. */
  readonly results: readonly SignResult[];
}

/** What the thread is started with: the carried JSON-LD contexts, read by the parent at start. */
export interface SignWorkerData {
  readonly contexts: ContextDocuments;
}

const contexts = createContextLoader((workerData as SignWorkerData | null)?.contexts ?? {});

async function signOne(job: SignJob, keys: readonly DataIntegrityKey[]): Promise<SignResult> {
  try {
    return { ok: true, proof: await dataIntegrityProof(job.credential, keys[job.key]!, contexts, job.options) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

async function signBatch(request: SignBatch): Promise<void> {
  const { keys, jobs } = JSON.parse(request.bodyJson) as SignBatchBody;
  const results: SignResult[] = [];
  for (const job of jobs) results.push(await signOne(job, keys));
  parentPort?.postMessage({ batch: request.batch, results } satisfies SignReply);
}

// Canonicalisation (RDFC-1.0) is CPU-bound JavaScript; this entry point lets a pool of worker
// threads run it beside the event loop. Batches are signed one after another, and so are the
// jobs of each (running them together would only delay every reply), each answered by number.
let signing = Promise.resolve();
parentPort?.on('message', (request: SignBatch) => {
  signing = signing.then(() => signBatch(request));
});
