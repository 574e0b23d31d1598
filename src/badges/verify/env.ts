import type { ContextLoader } from '../jsonld/documentLoader.js';
import type { ClrSchemaValidator } from '../schema/clrSchema.js';
import type { Ob3SchemaValidator } from '../schema/ob3Schemas.js';
import type { VerificationBudget } from './limits.js';
import type { DocumentSource } from './net/documents.js';

export type { ContextLoader };

/** The official JSON Schemas the verifier checks credentials against. */
export interface SchemaValidators {
  readonly ob3: Ob3SchemaValidator;
  readonly clr: ClrSchemaValidator;
}

/** What every step of one verification shares. */
export interface VerifyEnv {
  readonly documents: DocumentSource;
  /** JSON-LD contexts: the carried copies only, so no context is ever fetched. */
  readonly contexts: ContextLoader;
  readonly schemas: SchemaValidators;
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
