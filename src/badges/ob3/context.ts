/**
 * OB 3.0 on the VC Data Model 2.0 (docs/open-badges.md B1): the VC v2 context first, the pinned OB
 * 3.0.3 context second, and the 1EdTech extensions, which alone define
 * `1EdTechJsonSchemaValidator2019` and `1EdTechRevocationList` (docs/open-badges.md C1). The version is pinned: a
 * Data Integrity signature only verifies under the context version it was made with (docs/open-badges.md C10).
 */
export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const OB3_EXTENSIONS_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json';
export const OB3_CREDENTIAL_CONTEXTS = [VC_V2_CONTEXT, OB3_CONTEXT, OB3_EXTENSIONS_CONTEXT] as const;

/** The purl URL of the official AchievementCredential JSON Schema (`credentialSchema[].id`). */
export const OB3_ACHIEVEMENT_CREDENTIAL_SCHEMA_URL =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';
export const OB3_ENDORSEMENT_CREDENTIAL_SCHEMA_URL =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json';
