import type { Ob3SchemaValidator } from '../../schema/ob3Schemas.js';
import { isJsonObject, type JsonObject } from '../json/safeJson.js';
import { asArray, idOf, objectOf, typesOf } from '../json/values.js';
import { type CheckLog, invalid, type Problem } from '../report.js';
import { CARRIED_SCHEMA_IDS, type CredentialKind, officialSchemaErrors } from './officialSchemas.js';
import type { CredentialRole } from './role.js';
import type { VcVersion } from './vcVersion.js';

/** SPEC ob_v3p0/common_credentials.lines, AchievementCredential `@context` constraint on item 1. */
const OB_CONTEXT = /^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context(-3\.\d\.\d)*\.json$/;
/** The 3.0.0 alias VAL3 also accepts (VerifiableCredential.java contextAliasesMap). */
const OB_CONTEXT_ALIAS = 'https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld';

const EXPECTED_TYPES: Readonly<Record<CredentialRole, readonly string[]>> = {
  achievement: ['OpenBadgeCredential', 'AchievementCredential'],
  endorsement: ['EndorsementCredential'],
  statusList: ['BitstringStatusListCredential'],
};

/** docs/open-badges.md B8 step 2: item 0 is the VC context (found already), item 1 an OB 3.0 context. */
export function checkContext(log: CheckLog, credential: JsonObject, version: VcVersion, role: CredentialRole): void {
  const contexts = asArray(credential['@context']);
  if (!Array.isArray(credential['@context'])) {
    log.fail('ob3.context', invalid('@context must be an array'));
    return;
  }
  if (role === 'statusList') {
    log.pass('ob3.context', `VC Data Model ${version} context`);
    return;
  }
  const second = contexts[1];
  if (typeof second !== 'string' || !(OB_CONTEXT.test(second) || second === OB_CONTEXT_ALIAS)) {
    log.fail('ob3.context', invalid('@context[1] must be an Open Badges 3.0 context'));
    return;
  }
  log.pass('ob3.context', `VC Data Model ${version} with ${second}`);
}

/** docs/open-badges.md B8 step 3. */
export function checkType(log: CheckLog, credential: JsonObject, role: CredentialRole): void {
  const types = typesOf(credential);
  const expected = EXPECTED_TYPES[role];
  if (!types.includes('VerifiableCredential') || !expected.some((type) => types.includes(type))) {
    log.fail('ob3.type', invalid(`type must include VerifiableCredential and ${expected.join(' or ')}`));
    return;
  }
  log.pass('ob3.type', `type ${types.join(', ')}`);
}

function schemaProblem(errors: string[], what: string): Problem | undefined {
  return errors.length === 0 ? undefined : invalid(`${what}: ${errors.join('; ')}`);
}

/**
 * docs/open-badges.md B8 step 4: the canonical schema for the VC version, then every
 * `credentialSchema` entry of type 1EdTechJsonSchemaValidator2019 whose schema we carry.
 */
export function checkSchema(
  log: CheckLog,
  credential: JsonObject,
  version: VcVersion,
  role: CredentialRole,
  schemas: Ob3SchemaValidator,
): void {
  if (role === 'statusList') return;
  const kinds = new Set<CredentialKind>([role]);
  const notCarried: string[] = [];
  for (const entry of asArray(credential['credentialSchema'])) {
    if (!isJsonObject(entry) || entry['type'] !== '1EdTechJsonSchemaValidator2019') continue;
    const id = idOf(entry) ?? '';
    const kind = CARRIED_SCHEMA_IDS[id];
    if (kind) kinds.add(kind);
    else notCarried.push(id);
  }
  for (const kind of kinds) {
    const problem = schemaProblem(
      officialSchemaErrors(credential, kind, schemas),
      `not valid against the ${kind} credential schema`,
    );
    if (problem) {
      log.fail('ob3.schema', problem);
      return;
    }
  }
  const skipped = notCarried.length > 0 ? `; schemas not carried, not checked: ${notCarried.join(', ')}` : '';
  log.pass('ob3.schema', `valid against the official OB 3.0 schema (VCDM ${version})${skipped}`);
}

/** docs/open-badges.md B8 step 5, SPEC verification.md step 1: the subject is identified. */
export function checkSubject(log: CheckLog, credential: JsonObject, role: CredentialRole): void {
  if (role === 'statusList') return;
  const subject = objectOf(credential['credentialSubject']);
  const expectedType = role === 'endorsement' ? 'EndorsementSubject' : 'AchievementSubject';
  if (!subject) {
    log.fail('ob3.subject', invalid('credentialSubject must be an object'));
    return;
  }
  const types = typesOf(subject);
  // A missing type is the schema's to report; a wrong one is reported here.
  if (types.length > 0 && !types.includes(expectedType)) {
    log.fail('ob3.subject', invalid(`credentialSubject type must include ${expectedType}`));
    return;
  }
  const identified =
    typeof subject['id'] === 'string' || (role === 'achievement' && asArray(subject['identifier']).length > 0);
  if (!identified) {
    log.fail(
      'ob3.subject',
      invalid(
        role === 'achievement' ? 'credentialSubject has neither id nor identifier' : 'credentialSubject has no id',
      ),
    );
    return;
  }
  log.pass('ob3.subject', 'the subject is identified');
}
