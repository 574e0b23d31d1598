/**
 * LinkedIn "Add to profile" link for a certification. LinkedIn reads either `organizationId`
 * (preferred: links the issuer's page) or `organizationName`; months count from 1; every value
 * is URL-encoded by URLSearchParams.
 */
export interface LinkedInLinkInput {
  readonly name: string;
  readonly organizationId?: string;
  readonly organizationName: string;
  /** ISO date-times; the UTC calendar month is used. */
  readonly issuedOn: string;
  readonly expires?: string;
  readonly certUrl: string;
  readonly certId: string;
}

export function linkedInAddToProfileUrl(input: LinkedInLinkInput): string {
  const params = new URLSearchParams();
  params.set('startTask', 'CERTIFICATION_NAME');
  params.set('name', input.name);
  if (input.organizationId !== undefined) params.set('organizationId', input.organizationId);
  else params.set('organizationName', input.organizationName);
  const issued = new Date(input.issuedOn);
  params.set('issueYear', String(issued.getUTCFullYear()));
  params.set('issueMonth', String(issued.getUTCMonth() + 1));
  if (input.expires !== undefined) {
    const expires = new Date(input.expires);
    params.set('expirationYear', String(expires.getUTCFullYear()));
    params.set('expirationMonth', String(expires.getUTCMonth() + 1));
  }
  params.set('certUrl', input.certUrl);
  params.set('certId', input.certId);
  return `https://www.linkedin.com/profile/add?${params.toString()}`;
}
