/**
 * The closed list of verification checks. Ids are stable: the public verify API, the verify page
 * and the README all name them, so an id is never renamed or reused for another meaning.
 */
export const CHECK_DESCRIPTIONS = {
  'input.parse':
    'The input could be read: a URL, JSON, a compact JWS or a baked image, within the size and nesting limits.',
  'input.fetch': 'The badge URL given as input answered with a badge.',
  'image.unbake': 'The image holds exactly one baked badge (PNG iTXt chunk or SVG element) that could be extracted.',
  'jsonld.safe_mode':
    'Every JSON-LD term is defined by a known context (JSON-LD safe mode); contexts come from local copies, never fetched.',
  'ob2.structure':
    'Open Badges 2.0: the Assertion, BadgeClass and issuer Profile carry their required properties, dates with a time zone and a recipient identity object.',
  'ob2.hosted_fetch': 'Open Badges 2.0: the assertion, BadgeClass and issuer Profile were fetched from their own ids.',
  'ob2.origin': "Open Badges 2.0: the hosted assertion's id lies within the issuer Profile's verification policy.",
  'ob2.signature': "Open Badges 2.0: the JWS signature verifies with the issuer's RS256 key.",
  'ob2.key_ownership':
    "Open Badges 2.0: the signing key is listed in the hosted issuer Profile's publicKey and names that Profile as its owner.",
  'ob3.context':
    'Open Badges 3.0: @context starts with the VC Data Model context followed by an Open Badges 3.0 context.',
  'ob3.type': 'Open Badges 3.0: type includes VerifiableCredential and the expected credential type.',
  'ob3.schema':
    'Open Badges 3.0: the credential is valid against the official JSON Schema for its VC version and each credentialSchema it names.',
  'ob3.subject': 'Open Badges 3.0: the credential subject is identified by an id or at least one identifier.',
  'ob3.jwt_claims': 'Open Badges 3.0 VC-JWT: iss, sub, jti, nbf and exp agree with the credential.',
  'proof.key':
    'The verification key could be found: embedded JWK, kid URL, JWKS, did:key, did:web or controller document.',
  'proof.signature': 'The proof (VC-JWT signature or Data Integrity proof) verifies with the resolved key.',
  'proof.key_controller':
    "The key is proven to be the issuer's: a Data Integrity method under the issuer's assertionMethod; a VC-JWT key in the issuer's DID document, on the issuer's origin, or listed in its JWKS.",
  'status.revocation': 'The issuer has not revoked the badge (410, revoked flag, RevocationList or status list).',
  'time.expiry': 'The badge has not expired.',
  'time.not_before': 'The badge is already valid: its issue or validFrom date is not in the future.',
  recipient: 'The recipient identity in the badge matches the email given for comparison.',
  endorsement: 'Every embedded endorsement verifies as an EndorsementCredential.',
  'clr.context':
    'CLR 2.0: @context starts with the VC Data Model context followed by a Comprehensive Learner Record 2.0 context.',
  'clr.type': 'CLR 2.0: type includes VerifiableCredential and ClrCredential.',
  'clr.schema':
    "CLR 2.0: the record is valid against the official ClrCredential JSON Schema (VCDM 2.0 dates read under the schema's VCDM 1.1 names).",
  // 100 is LIMITS.maxClrCredentials, written out (limits.ts reads report.ts, which reads this file).
  'clr.subject': 'CLR 2.0: the credential subject is a ClrSubject wrapping at least one and at most 100 credentials.',
  'clr.credential':
    'CLR 2.0, once per wrapped credential (with its index from 0 and its id): the credential verifies on its own as an Open Badges 3.0 credential (proof, issuer key, schema, status); one that has expired since is reported, not failed, as a record keeps history.',
  'verifier.error': 'The verifier itself failed while checking; the badge could not be judged.',
} as const;

export type CheckId = keyof typeof CHECK_DESCRIPTIONS;

export const CHECK_IDS = Object.keys(CHECK_DESCRIPTIONS) as readonly CheckId[];
