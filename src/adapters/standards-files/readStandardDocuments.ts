import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTEXT_FILE_NAMES } from '../../badges/jsonld/documentLoader.js';
import { CLR_SCHEMA_FILE } from '../../badges/schema/clrSchema.js';
import { OB3_SCHEMA_FILES, type Ob3SchemaDocuments } from '../../badges/schema/ob3Schemas.js';
import type { StandardDocuments } from '../../badges/standards.js';
import { projectPath } from '../../paths.js';

/**
 * Reads the JSON-LD contexts and official schemas the service carries under `schemas/`
 * (schemas/SOURCES.md), all at once at start: a missing or broken file stops the start rather
 * than the first verification that needs it. Some 25 small files, read once.
 */
export function readStandardDocuments(schemasDir: string = projectPath('schemas')): StandardDocuments {
  const read = (...segments: string[]): unknown => JSON.parse(readFileSync(join(schemasDir, ...segments), 'utf8'));
  const ob3 = (generation: keyof Ob3SchemaDocuments) => ({
    achievement: read('ob3', OB3_SCHEMA_FILES[generation].achievement),
    endorsement: read('ob3', OB3_SCHEMA_FILES[generation].endorsement),
  });
  return {
    contexts: Object.fromEntries(CONTEXT_FILE_NAMES.map((file) => [file, read('contexts', file)])),
    ob3Schemas: { vcdm2: ob3('vcdm2'), vcdm11: ob3('vcdm11') },
    clrSchema: read('clr', CLR_SCHEMA_FILE),
  };
}
