import { type ContextDocuments, type ContextLoader, createContextLoader } from './jsonld/documentLoader.js';
import { type ClrSchemaValidator, createClrSchemaValidator } from './schema/clrSchema.js';
import { createOb3SchemaValidator, type Ob3SchemaDocuments, type Ob3SchemaValidator } from './schema/ob3Schemas.js';

/**
 * The official files the formats follow: JSON-LD contexts and JSON Schemas, as carried under
 * `schemas/` (schemas/SOURCES.md). The composition root reads them once at start (an adapter does
 * the I/O; this layer does none) and passes them in.
 */
export interface StandardDocuments {
  /** By file under `schemas/contexts/`. */
  readonly contexts: ContextDocuments;
  readonly ob3Schemas: Ob3SchemaDocuments;
  readonly clrSchema: unknown;
}

/** What signing and verifying need of the standards, built once from their documents. */
export interface Standards {
  readonly documents: StandardDocuments;
  /** The carried contexts only: nothing is ever fetched. */
  readonly contexts: ContextLoader;
  readonly ob3Schemas: Ob3SchemaValidator;
  readonly clrSchema: ClrSchemaValidator;
}

export function createStandards(documents: StandardDocuments): Standards {
  return {
    documents,
    contexts: createContextLoader(documents.contexts),
    ob3Schemas: createOb3SchemaValidator(documents.ob3Schemas),
    clrSchema: createClrSchemaValidator(documents.clrSchema),
  };
}
