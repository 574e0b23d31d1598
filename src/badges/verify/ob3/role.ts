/**
 * What a credential is verified as: the badge itself, an embedded endorsement (verified like a
 * credential with type EndorsementCredential, docs/open-badges.md B8 step 10), or a
 * BitstringStatusListCredential fetched to check a badge's status (docs/open-badges.md B6).
 */
export type CredentialRole = 'achievement' | 'endorsement' | 'statusList';
