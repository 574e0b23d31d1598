import { readFileSync } from 'node:fs';
import { Ajv2019, type ValidateFunction } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { projectPath } from '../../../paths.js';
import type { VcVersion } from './vcVersion.js';

export type CredentialKind = 'achievement' | 'endorsement';

const SCHEMA_BASE = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/';

const FILE_OF: Readonly<Record<CredentialKind, string>> = {
  achievement: 'ob_v3p0_achievementcredential_schema.json',
  endorsement: 'ob_v3p0_endorsementcredential_schema.json',
};

/** The purl ids a `credentialSchema` entry may name that this service carries a copy of. */
export const CARRIED_SCHEMA_IDS: Readonly<Record<string, CredentialKind>> = {
  [`${SCHEMA_BASE}${FILE_OF.achievement}`]: 'achievement',
  [`${SCHEMA_BASE}${FILE_OF.endorsement}`]: 'endorsement',
};

/** VCDM 2.0 credentials use the current schemas, 1.1 ones the legacy copies (open-badges.md B2). */
const DIRECTORY_OF: Readonly<Record<VcVersion, string>> = { '2.0': 'json', '1.1': 'json-vcdm11-legacy' };

const compiled = new Map<string, ValidateFunction>();
const instances = new Map<VcVersion, Ajv2019>();

/**
 * Ajv 2019-09 with `strict: false` (the official schema does not compile in strict mode) and
 * ajv-formats so a date-time without a zone fails (open-badges.md C3). One instance per VC
 * version, because the current and legacy files share ids.
 */
function ajvFor(version: VcVersion): Ajv2019 {
  let ajv = instances.get(version);
  if (!ajv) {
    ajv = new Ajv2019({ strict: false, allErrors: false });
    addFormats.default(ajv);
    instances.set(version, ajv);
  }
  return ajv;
}

function validatorFor(kind: CredentialKind, version: VcVersion): ValidateFunction {
  const key = `${version}:${kind}`;
  let validate = compiled.get(key);
  if (!validate) {
    const schema = JSON.parse(
      readFileSync(projectPath('schemas', 'ob3', DIRECTORY_OF[version], FILE_OF[kind]), 'utf8'),
    );
    validate = ajvFor(version).compile(schema);
    compiled.set(key, validate);
  }
  return validate;
}

/** Validates against the official OB 3.0 JSON Schema; answers the first errors, or none. */
export function officialSchemaErrors(document: unknown, kind: CredentialKind, version: VcVersion): string[] {
  const validate = validatorFor(kind, version);
  if (validate(document)) return [];
  return (validate.errors ?? [])
    .slice(0, 5)
    .map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
}
