/**
 * The "Teamwork Badge" credential of the OB 3.0 Implementation Guide's Data Integrity test vector
 * (Final Release 2.0, 7 April 2025; 1EdTech openbadges-specification ob_v3p0/impl), verbatim.
 */
export function specTeamworkCredential() {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: 'http://example.com/credentials/3527',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: {
      id: 'https://example.edu/issuers/565049',
      type: ['Profile'],
      url: 'https://www.imsglobal.org',
      name: 'Example Corp',
    },
    validFrom: '2010-01-01T00:00:00Z',
    name: 'Teamwork Badge',
    credentialSubject: {
      id: 'did:example:ebfeb1f712ebc6f1c276e12ec21',
      type: ['AchievementSubject'],
      achievement: {
        id: 'https://example.com/achievements/21st-century-skills/teamwork',
        type: ['Achievement'],
        criteria: {
          narrative:
            'Team members are nominated for this badge by their peers and recognized upon review by Example Corp management.',
        },
        description: 'This badge recognizes the development of the capacity to collaborate within a group environment.',
        name: 'Teamwork',
      },
    },
  };
}

/** The same credential in its VC Data Model 1.1 form (earlier guide versions), as still found in the wild. */
export function vcdm11TeamworkCredential(): Record<string, unknown> {
  const { validFrom, ...rest } = specTeamworkCredential();
  return {
    ...rest,
    '@context': ['https://www.w3.org/2018/credentials/v1', 'https://purl.imsglobal.org/spec/ob/v3p0/context.json'],
    issuanceDate: validFrom,
  };
}
