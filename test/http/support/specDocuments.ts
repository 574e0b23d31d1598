// The official contexts and schemas, as published by 1EdTech and the W3C (the copies under
// schemas/, held to their published SHA-256 by test/unit/officialCopies.test.ts), so the service's
// output is judged by what the standards publish.
import { readFileSync } from 'node:fs';
import { Ajv2019, type ValidateFunction } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import jsonld from 'jsonld';
import { projectPath } from '../../../src/paths.js';

const OFFICIAL_DIR = projectPath('schemas');

/** URL → file, as schemas/SOURCES.md "stands in for" lists them. */
const SPEC_CONTEXTS: Readonly<Record<string, string>> = {
  'https://www.w3.org/ns/credentials/v2': 'contexts/w3c/credentials-v2.jsonld',
  'https://www.w3.org/2018/credentials/v1': 'contexts/w3c/credentials-v1.jsonld',
  'https://w3id.org/security/data-integrity/v2': 'contexts/w3c/data-integrity-v2.jsonld',
  'https://w3id.org/security/data-integrity/v1': 'contexts/w3c/data-integrity-v1.jsonld',
  'https://w3id.org/security/multikey/v1': 'contexts/w3c/multikey-v1.jsonld',
  'https://w3id.org/security/suites/ed25519-2020/v1': 'contexts/w3c/ed25519-2020-v1.jsonld',
  'https://www.w3.org/ns/did/v1': 'contexts/w3c/did-v1.jsonld',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json': 'contexts/ob3/context-3.0.3.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json': 'contexts/ob3/context-3.0.2.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json': 'contexts/ob3/context-3.0.1.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context.json': 'contexts/ob3/context.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json': 'contexts/ob3/extensions.json',
  'https://w3id.org/openbadges/v2': 'contexts/ob2/v2-context.json',
};

export interface LoadedDocument {
  readonly contextUrl: null;
  readonly documentUrl: string;
  readonly document: unknown;
}

export type DocumentLoader = (url: string) => Promise<LoadedDocument>;

/** A jsonld.js document loader over the spec's contexts that refuses everything else. */
export async function specContextLoader(url: string): Promise<LoadedDocument> {
  const file = SPEC_CONTEXTS[url];
  if (file === undefined) throw new Error(`${url} is not one of the official contexts carried`);
  return { contextUrl: null, documentUrl: url, document: JSON.parse(readFileSync(`${OFFICIAL_DIR}/${file}`, 'utf8')) };
}

/**
 * JSON-LD expansion in safe mode: it fails on any term the contexts do not define, which would
 * otherwise be dropped from what a Data Integrity proof signs (docs/open-badges.md B8 step 1, C1).
 */
export async function expandSafely(document: object, documentLoader: DocumentLoader = specContextLoader) {
  return jsonld.expand(structuredClone(document), { documentLoader, safe: true });
}

let achievementCredentialSchema: ValidateFunction | undefined;

/** The canonical OB 3.0 AchievementCredential schema, compiled as docs/open-badges.md C3 says. */
export function ob3CredentialSchema(): ValidateFunction {
  if (achievementCredentialSchema === undefined) {
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const file = `${OFFICIAL_DIR}/ob3/json/ob_v3p0_achievementcredential_schema.json`;
    achievementCredentialSchema = ajv.compile(JSON.parse(readFileSync(file, 'utf8')));
  }
  return achievementCredentialSchema;
}
