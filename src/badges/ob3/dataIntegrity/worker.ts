import { parentPort, workerData } from 'node:worker_threads';
import { type ContextDocuments, createContextLoader } from '../../jsonld/documentLoader.js';
import type { DataIntegrityKey } from './key.js';
import { type DataIntegritySignOptions, signDataIntegrity } from './signCredential.js';

/** One signing request, as posted by `createDataIntegritySigner`. */
export interface SignRequest {
  readonly id: number;
  readonly credential: object;
  readonly key: DataIntegrityKey;
  readonly options: DataIntegritySignOptions;
}

export type SignReply =
  | { readonly id: number; readonly ok: true; readonly signed: object }
  | { readonly id: number; readonly ok: false; readonly message: string };

/** What the thread is started with: the carried JSON-LD contexts, read by the parent at start. */
export interface SignWorkerData {
  readonly contexts: ContextDocuments;
}

const contexts = createContextLoader((workerData as SignWorkerData | null)?.contexts ?? {});

// Canonicalisation (RDFC-1.0) is CPU-bound JavaScript; this entry point lets a pool of worker
// threads run it beside the event loop. Requests are answered one by one, in any order, by id.
parentPort?.on('message', (request: SignRequest) => {
  signDataIntegrity(request.credential, request.key, contexts, request.options).then(
    (signed) => parentPort?.postMessage({ id: request.id, ok: true, signed } satisfies SignReply),
    (error: unknown) =>
      parentPort?.postMessage({
        id: request.id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      } satisfies SignReply),
  );
});
