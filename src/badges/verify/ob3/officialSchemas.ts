import { OB3_ACHIEVEMENT_CREDENTIAL_SCHEMA_URL, OB3_ENDORSEMENT_CREDENTIAL_SCHEMA_URL } from '../../ob3/context.js';
import type { Ob3SchemaValidator } from '../../schema/ob3Schemas.js';
import { isJsonObject } from '../json/safeJson.js';

export type CredentialKind = 'achievement' | 'endorsement';

/** The purl ids a `credentialSchema` entry may name that this service carries a copy of. */
export const CARRIED_SCHEMA_IDS: Readonly<Record<string, CredentialKind>> = {
  [OB3_ACHIEVEMENT_CREDENTIAL_SCHEMA_URL]: 'achievement',
  [OB3_ENDORSEMENT_CREDENTIAL_SCHEMA_URL]: 'endorsement',
};

/**
 * The document with every single `proof` object read as a set of one. VCDM 2.0 lets a credential
 * carry one proof or a set (docs/open-badges.md B4), and most issuers (`@digitalbazaar/vc` among
 * them) emit one object; the OB 3.0 schema describes only the set, as a rule for issuers. 1EdTech's
 * own validator accepts both, so does this verifier. Embedded endorsements are read alike.
 */
function proofsAsSets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(proofsAsSets);
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      key === 'proof' && isJsonObject(item) ? [proofsAsSets(item)] : proofsAsSets(item),
    ]),
  );
}

/**
 * Validates against the official OB 3.0 JSON Schema of the credential's VC version (the current
 * schema for VCDM 2.0, the legacy copy for 1.1); answers the first errors, or none.
 */
export function officialSchemaErrors(document: unknown, kind: CredentialKind, schemas: Ob3SchemaValidator): string[] {
  const read = proofsAsSets(document);
  const result = kind === 'achievement' ? schemas.credential(read) : schemas.endorsement(read);
  if (result.ok) return [];
  return result.errors.slice(0, 5).map((error) => `${error.path || '/'} ${error.message}`);
}
