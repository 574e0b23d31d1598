/** Every OB 2.0 document carries this context (OB 2.0 §JSON-LD; docs/open-badges.md Part A). */
export const OB2_CONTEXT = 'https://w3id.org/openbadges/v2';
