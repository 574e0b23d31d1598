import { OB3_ACHIEVEMENT_CREDENTIAL_SCHEMA_URL, OB3_ENDORSEMENT_CREDENTIAL_SCHEMA_URL } from '../../ob3/context.js';
import { validateOb3Credential, validateOb3EndorsementCredential } from '../../schema/ob3Schemas.js';

export type CredentialKind = 'achievement' | 'endorsement';

/** The purl ids a `credentialSchema` entry may name that this service carries a copy of. */
export const CARRIED_SCHEMA_IDS: Readonly<Record<string, CredentialKind>> = {
  [OB3_ACHIEVEMENT_CREDENTIAL_SCHEMA_URL]: 'achievement',
  [OB3_ENDORSEMENT_CREDENTIAL_SCHEMA_URL]: 'endorsement',
};

const VALIDATE = { achievement: validateOb3Credential, endorsement: validateOb3EndorsementCredential } as const;

/**
 * Validates against the official OB 3.0 JSON Schema of the credential's VC version (the current
 * schema for VCDM 2.0, the legacy copy for 1.1); answers the first errors, or none.
 */
export function officialSchemaErrors(document: unknown, kind: CredentialKind): string[] {
  const result = VALIDATE[kind](document);
  if (result.ok) return [];
  return result.errors.slice(0, 5).map((error) => `${error.path || '/'} ${error.message}`);
}
