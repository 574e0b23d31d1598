import { parentPort, workerData } from 'node:worker_threads';
import { type ContextDocuments, createContextLoader } from '../../jsonld/documentLoader.js';
import type { DataIntegrityKey } from './key.js';
import { type DataIntegrityProofValue, type DataIntegritySignOptions, dataIntegrityProof } from './signCredential.js';

/**
 * One signing request, as posted by `createDataIntegritySigner`: the credential travels as its
 * JSON text and only the proof comes back, so the parent thread neither deep-copies the document
 * twice nor rebuilds a signed copy from a message.
 */
export interface SignRequest {
  readonly id: number;
  readonly credentialJson: string;
  readonly key: DataIntegrityKey;
  readonly options: DataIntegritySignOptions;
}

export type SignReply =
  | { readonly id: number; readonly ok: true; readonly proof: DataIntegrityProofValue }
  | { readonly id: number; readonly ok: false; readonly message: string };

/** What the thread is started with: the carried JSON-LD contexts, read by the parent at start. */
export interface SignWorkerData {
  readonly contexts: ContextDocuments;
}

const contexts = createContextLoader((workerData as SignWorkerData | null)?.contexts ?? {});

// Canonicalisation (RDFC-1.0) is CPU-bound JavaScript; this entry point lets a pool of worker
// threads run it beside the event loop. Requests are answered one by one, in any order, by id.
parentPort?.on('message', (request: SignRequest) => {
  dataIntegrityProof(JSON.parse(request.credentialJson) as object, request.key, contexts, request.options).then(
    (proof) => parentPort?.postMessage({ id: request.id, ok: true, proof } satisfies SignReply),
    (error: unknown) =>
      parentPort?.postMessage({
        id: request.id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      } satisfies SignReply),
  );
});
