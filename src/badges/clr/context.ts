import { OB3_CONTEXT, OB3_EXTENSIONS_CONTEXT, VC_V2_CONTEXT } from '../ob3/context.js';

/**
 * CLR 2.0 on the VC Data Model 2.0 (docs/open-badges.md D1): the VC v2 context, the pinned CLR
 * 2.0.1 context, then the same OB 3.0.3 context and extensions our OpenBadgeCredentials name,
 * so the credentials wrapped inside read the same terms as the wrapper around them.
 */
export const CLR_CONTEXT = 'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json';
export const CLR_CREDENTIAL_CONTEXTS = [VC_V2_CONTEXT, CLR_CONTEXT, OB3_CONTEXT, OB3_EXTENSIONS_CONTEXT] as const;

/** The purl URL of the official ClrCredential JSON Schema (`credentialSchema[].id`). */
export const CLR_CREDENTIAL_SCHEMA_URL =
  'https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json';

/** CLR 2.0 §AssociationType: how a source achievement relates to a target achievement. */
export const CLR_ASSOCIATION_TYPES = [
  'exactMatchOf',
  'isChildOf',
  'isParentOf',
  'isPartOf',
  'isPeerOf',
  'isRelatedTo',
  'precedes',
  'replacedBy',
] as const;
export type ClrAssociationType = (typeof CLR_ASSOCIATION_TYPES)[number];
