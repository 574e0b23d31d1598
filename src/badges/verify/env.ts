import type { RemoteDocument } from '../jsonld/documentLoader.js';
import type { VerificationBudget } from './limits.js';
import type { DocumentSource } from './net/documents.js';

/** Serves JSON-LD contexts; the verifier's default serves only the local copies. */
export type ContextLoader = (url: string) => Promise<RemoteDocument>;

/** What every step of one verification shares. */
export interface VerifyEnv {
  readonly documents: DocumentSource;
  readonly contexts: ContextLoader;
  readonly now: Date;
  /** The email to compare with the badge's recipient, when the caller gave one. */
  readonly recipient?: string;
  /** 0 for the badge itself, +1 for each nested verification (endorsement, status list). */
  readonly nesting: number;
  /**
   * Time and proof checks left for the whole verification (limits.ts), shared with every nested
   * one; the same budget `documents` enforces on each fetch.
   */
  readonly budget: VerificationBudget;
}
