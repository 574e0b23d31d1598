import { Ajv2019, type ErrorObject, type ValidateFunction } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { CLR_CREDENTIAL_SCHEMA_URL } from '../clr/context.js';
import type { SchemaError } from './ob3Schemas.js';

export interface ClrSchemaValidation {
  readonly ok: boolean;
  readonly errors: readonly SchemaError[];
}

const MAX_ERRORS = 20;

/** The official ClrCredential schema's file under `schemas/clr/` (schemas/SOURCES.md). */
export const CLR_SCHEMA_FILE = 'clr_v2p0_clrcredential_schema.json';

/** Validates a ClrCredential against the official CLR 2.0 JSON Schema. */
export type ClrSchemaValidator = (document: unknown) => ClrSchemaValidation;

/**
 * The official ClrCredential schema, compiled on first use. It says draft-04 but is written with
 * `$defs` and `$ref`s into them, as the 2019-09 OB 3.0 schemas are, so Ajv2019 reads it; the
 * `$schema` line is dropped (Ajv carries no draft-04 meta-schema) and the file is registered under
 * its purl URL, like the OB 3.0 schemas (docs/open-badges.md C3).
 */
function compile(schemaDocument: unknown): ValidateFunction {
  const { $schema: _draft, ...schema } = schemaDocument as Record<string, unknown>;
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ ...schema, $id: CLR_CREDENTIAL_SCHEMA_URL });
  return ajv.getSchema(CLR_CREDENTIAL_SCHEMA_URL)!;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A VCDM 2.0 credential as the schema, written for VCDM 1.1, names its dates (docs/open-badges.md
 * D2): `validFrom`/`validUntil` read as `issuanceDate`/`expirationDate`, on the record and on each
 * credential it wraps; a single `proof` object as a set of one (VCDM 2.0 allows either, C22).
 * Nothing else is renamed, so every other rule of the schema applies as written.
 */
function asSchemaReads(credential: unknown): unknown {
  if (!isObject(credential)) return credential;
  const { validFrom, validUntil, proof, ...rest } = credential;
  const read: Record<string, unknown> = { ...rest };
  if (validFrom !== undefined && read['issuanceDate'] === undefined) read['issuanceDate'] = validFrom;
  if (validUntil !== undefined && read['expirationDate'] === undefined) read['expirationDate'] = validUntil;
  if (proof !== undefined) read['proof'] = isObject(proof) ? [proof] : proof;
  const subject = read['credentialSubject'];
  if (isObject(subject) && Array.isArray(subject['verifiableCredential'])) {
    read['credentialSubject'] = {
      ...subject,
      verifiableCredential: subject['verifiableCredential'].map(asSchemaReads),
    };
  }
  return read;
}

function schemaError(error: ErrorObject): SchemaError {
  return { path: error.instancePath, keyword: error.keyword, message: error.message ?? 'is invalid' };
}

/** A validator over the schema's JSON (read at start and passed in: this layer does no I/O). */
export function createClrSchemaValidator(schemaDocument: unknown): ClrSchemaValidator {
  let validator: ValidateFunction | undefined;
  return (document) => {
    validator ??= compile(schemaDocument);
    const ok = validator(asSchemaReads(document)) === true;
    return { ok, errors: ok ? [] : (validator.errors ?? []).slice(0, MAX_ERRORS).map(schemaError) };
  };
}
