// The official spec data under ../shared/spec (not the service's own copies), so the service's
// output is judged by what 1EdTech and the W3C publish.
import { readFileSync } from 'node:fs';
import { Ajv2019, type ValidateFunction } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import jsonld from 'jsonld';
import { projectPath } from '../../../src/paths.js';

export const SPEC_DIR = projectPath('..', 'shared', 'spec');

/** URL → file, as SPEC_DIR/SOURCES.md "stands in for" lists them. */
const SPEC_CONTEXTS: Readonly<Record<string, string>> = {
  'https://www.w3.org/ns/credentials/v2': 'vc/credentials-v2.jsonld',
  'https://www.w3.org/2018/credentials/v1': 'vc/credentials-v1.jsonld',
  'https://w3id.org/security/data-integrity/v2': 'security/data-integrity-v2.jsonld',
  'https://w3id.org/security/data-integrity/v1': 'security/data-integrity-v1.jsonld',
  'https://w3id.org/security/multikey/v1': 'security/multikey-v1.jsonld',
  'https://w3id.org/security/suites/ed25519-2020/v1': 'security/ed25519-2020-v1.jsonld',
  'https://www.w3.org/ns/did/v1': 'did/did-v1.jsonld',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json': 'ob3/context/context-3.0.3.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json': 'ob3/context/context-3.0.2.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json': 'ob3/context/context-3.0.1.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context.json': 'ob3/context/context.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json': 'ob3/context/extensions.json',
  'https://w3id.org/openbadges/v2': 'ob2/context/v2-context.json',
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
  if (file === undefined) throw new Error(`${url} is not a context of the offline spec data`);
  return { contextUrl: null, documentUrl: url, document: JSON.parse(readFileSync(`${SPEC_DIR}/${file}`, 'utf8')) };
}

/**
 * JSON-LD expansion in safe mode: it fails on any term the contexts do not define, which would
 * otherwise be dropped from what a Data Integrity proof signs (open-badges.md B8 step 1, C1).
 */
export async function expandSafely(document: object, documentLoader: DocumentLoader = specContextLoader) {
  return jsonld.expand(structuredClone(document), { documentLoader, safe: true });
}

let achievementCredentialSchema: ValidateFunction | undefined;

/** The canonical OB 3.0 AchievementCredential schema, compiled as open-badges.md C3 says. */
export function ob3CredentialSchema(): ValidateFunction {
  if (achievementCredentialSchema === undefined) {
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const file = `${SPEC_DIR}/ob3/schema/json/ob_v3p0_achievementcredential_schema.json`;
    achievementCredentialSchema = ajv.compile(JSON.parse(readFileSync(file, 'utf8')));
  }
  return achievementCredentialSchema;
}
