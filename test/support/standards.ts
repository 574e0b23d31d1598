// The carried JSON-LD contexts and official schemas, read as the service reads them at start.
import { readStandardDocuments } from '../../src/adapters/standards-files/readStandardDocuments.js';
import { createStandards } from '../../src/badges/standards.js';

export const standards = createStandards(readStandardDocuments());

/** The JSON-LD contexts the service carries, and nothing else. */
export const localDocumentLoader = standards.contexts;
export const contextDocuments = standards.documents.contexts;
export const validateOb3Credential = standards.ob3Schemas.credential;
export const validateOb3EndorsementCredential = standards.ob3Schemas.endorsement;
export const validateClrCredential = standards.clrSchema;
