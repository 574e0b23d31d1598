import { Ajv2019, type ErrorObject, type ValidateFunction } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { OB3_ACHIEVEMENT_CREDENTIAL_SCHEMA_URL, OB3_ENDORSEMENT_CREDENTIAL_SCHEMA_URL } from '../ob3/context.js';

export type Ob3SchemaKind = 'achievement' | 'endorsement';
/** `vcdm2`: `@context[0]` is the VC v2 URL (current schema); `vcdm11`: VC v1 (legacy schema, docs/open-badges.md B2). */
export type Ob3SchemaGeneration = 'vcdm2' | 'vcdm11';

export interface SchemaError {
  /** JSON Pointer into the document, `''` for the root. */
  readonly path: string;
  readonly keyword: string;
  readonly message: string;
}

export interface SchemaValidation {
  readonly ok: boolean;
  readonly generation: Ob3SchemaGeneration;
  readonly errors: readonly SchemaError[];
}

const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
const MAX_ERRORS = 20;

const SCHEMA_URLS: Readonly<Record<Ob3SchemaKind, string>> = {
  achievement: OB3_ACHIEVEMENT_CREDENTIAL_SCHEMA_URL,
  endorsement: OB3_ENDORSEMENT_CREDENTIAL_SCHEMA_URL,
};

/** The official schema files under `schemas/ob3/`, by generation and kind (schemas/SOURCES.md). */
export const OB3_SCHEMA_FILES: Readonly<Record<Ob3SchemaGeneration, Readonly<Record<Ob3SchemaKind, string>>>> = {
  vcdm2: {
    achievement: 'json/ob_v3p0_achievementcredential_schema.json',
    endorsement: 'json/ob_v3p0_endorsementcredential_schema.json',
  },
  vcdm11: {
    achievement: 'json-vcdm11-legacy/ob_v3p0_achievementcredential_schema.json',
    endorsement: 'json-vcdm11-legacy/ob_v3p0_endorsementcredential_schema.json',
  },
};

/** The official OB 3.0 schemas' JSON, as OB3_SCHEMA_FILES lays them out, read at start and passed in. */
export type Ob3SchemaDocuments = Readonly<Record<Ob3SchemaGeneration, Readonly<Record<Ob3SchemaKind, unknown>>>>;

export interface Ob3SchemaValidator {
  /** Validates an OpenBadgeCredential/AchievementCredential against the official OB 3.0 JSON Schema. */
  credential(document: unknown): SchemaValidation;
  /** Validates an EndorsementCredential against the official OB 3.0 JSON Schema. */
  endorsement(document: unknown): SchemaValidation;
}

/** Which schema generation a credential belongs to, read from `@context[0]` (docs/open-badges.md B2). */
export function ob3SchemaGeneration(document: unknown): Ob3SchemaGeneration {
  const context = (document as { '@context'?: unknown } | null)?.['@context'];
  const first = Array.isArray(context) ? context[0] : context;
  return first === VC_V1_CONTEXT ? 'vcdm11' : 'vcdm2';
}

function schemaError(error: ErrorObject): SchemaError {
  return { path: error.instancePath, keyword: error.keyword, message: error.message ?? 'is invalid' };
}

/**
 * One Ajv per generation, because the legacy files' `$id` is the purl URL under which the
 * current files are registered (their own `$id` is a generator name; schemas/SOURCES.md).
 * Draft 2019-09 with `strict: false` (the official schema does not compile strictly) and
 * ajv-formats, so a date-time without a zone fails (docs/open-badges.md C3). Each schema is
 * compiled on first use.
 */
export function createOb3SchemaValidator(schemas: Ob3SchemaDocuments): Ob3SchemaValidator {
  const validators = new Map<string, ValidateFunction>();
  const instances = new Map<Ob3SchemaGeneration, Ajv2019>();

  function ajvFor(generation: Ob3SchemaGeneration): Ajv2019 {
    let ajv = instances.get(generation);
    if (ajv === undefined) {
      ajv = new Ajv2019({ strict: false, allErrors: true });
      addFormats.default(ajv);
      instances.set(generation, ajv);
    }
    return ajv;
  }

  function validatorFor(kind: Ob3SchemaKind, generation: Ob3SchemaGeneration): ValidateFunction {
    const cacheKey = `${generation}:${kind}`;
    let validate = validators.get(cacheKey);
    if (validate === undefined) {
      const url = SCHEMA_URLS[kind];
      // Registered under the purl URL that `credentialSchema[].id` names, whatever the file's `$id`.
      ajvFor(generation).addSchema({ ...(schemas[generation][kind] as object), $id: url });
      validate = ajvFor(generation).getSchema(url)!;
      validators.set(cacheKey, validate);
    }
    return validate;
  }

  function validateWith(kind: Ob3SchemaKind, document: unknown): SchemaValidation {
    const generation = ob3SchemaGeneration(document);
    const validate = validatorFor(kind, generation);
    const ok = validate(document) === true;
    const errors = ok ? [] : (validate.errors ?? []).slice(0, MAX_ERRORS).map(schemaError);
    return { ok, generation, errors };
  }

  return {
    credential: (document) => validateWith('achievement', document),
    endorsement: (document) => validateWith('endorsement', document),
  };
}
