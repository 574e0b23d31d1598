/**
 * What the badge formats need to know about one award, independent of how it is stored.
 * The app layer maps an award record + catalog entry + issuer config + key set to this, and
 * every format (OB 2.0 hosted/signed, OB 3.0 VC-JWT/Data Integrity, baked images) is built
 * from it, so all formats of one award say the same thing.
 */
export interface IssuerProfileInput {
  readonly name: string;
  readonly url: string;
  readonly email: string;
  readonly description?: string;
  /** Absolute URL of the issuer's image (PNG). */
  readonly imageUrl?: string;
  /** LinkedIn organisation id: only ever in OB 3.0 `otherIdentifier` (ext:LinkedInOrganizationId). */
  readonly linkedInOrganizationId?: string;
}

export interface AchievementInput {
  /** Catalog id, e.g. `azure-fundamentals` or `AZ-900`. */
  readonly id: string;
  readonly kind: 'exam' | 'certification';
  /** In the language the award's documents are written in. */
  readonly name: string;
  readonly description: string;
  readonly criteriaNarrative: string;
  readonly criteriaUrl?: string;
  readonly tags?: readonly string[];
}

export interface EvidenceInput {
  readonly id?: string;
  readonly name?: string;
  readonly description?: string;
  readonly narrative?: string;
  readonly genre?: string;
  readonly audience?: string;
}

export interface RecipientInput {
  /** `sha256$<hex>` of normalised email + salt (docs/open-badges.md A2). */
  readonly identityHash: string;
  readonly salt: string;
  /** Shown as the recipient's name on pages; never an email. Not put in signed documents. */
  readonly name?: string;
}

export interface AwardDocumentInput {
  readonly awardId: string;
  /** OB 3.0 `credentialSubject.id` is `urn:uuid:<subjectId>` (never mailto:), so a VC-JWT has `sub`. */
  readonly subjectId: string;
  readonly recipient: RecipientInput;
  readonly achievement: AchievementInput;
  /** ISO 8601 date-times with a zone (Z). */
  readonly issuedOn: string;
  readonly earnedOn: string;
  readonly expires?: string;
  readonly evidence?: readonly EvidenceInput[];
  readonly issuer: IssuerProfileInput;
  /** The key set that signs this award, for life (rotation never changes an award's signer). */
  readonly keySetId: string;
  /** Language of the documents' texts: `en` or `fr`. */
  readonly lang: 'en' | 'fr';
}
