import type { IssuerProfileInput } from '../documentInput.js';
import { omitUndefined } from '../jsonld/omitUndefined.js';
import type { UrlLayout } from '../urls.js';

export interface Ob3Image {
  readonly id: string;
  readonly type: 'Image';
}

export interface Ob3IdentifierEntry {
  readonly type: 'IdentifierEntry';
  readonly identifier: string;
  readonly identifierType: string;
}

export interface Ob3Profile {
  readonly id: string;
  readonly type: readonly ['Profile'];
  readonly name: string;
  readonly url?: string;
  readonly email?: string;
  readonly description?: string;
  readonly image?: Ob3Image;
  readonly otherIdentifier?: readonly Ob3IdentifierEntry[];
}

export function ob3Image(id: string): Ob3Image {
  return { id, type: 'Image' };
}

/**
 * The issuer, embedded in every credential (OB 3.0 §Profile; docs/open-badges.md B1, C7): the did:web
 * DID as `id`, since Data Integrity verifiers require the key's controller to equal `issuer.id`
 * (docs/open-badges.md C8). The LinkedIn organisation id travels as an `IdentifierEntry` with an `ext:` identifier
 * type: `otherIdentifier`, `IdentifierEntry`, `identifier` and `identifierType` are all defined by
 * the 3.0.3 context, and the schema's IdentifierTypeEnum admits the `ext:` form.
 */
export function buildOb3IssuerProfile(issuer: IssuerProfileInput, urls: UrlLayout): Ob3Profile {
  const linkedIn = issuer.linkedInOrganizationId;
  return omitUndefined({
    id: urls.did,
    type: ['Profile'],
    name: issuer.name,
    url: issuer.url,
    email: issuer.email,
    description: issuer.description,
    image: issuer.imageUrl === undefined ? undefined : ob3Image(issuer.imageUrl),
    otherIdentifier:
      linkedIn === undefined
        ? undefined
        : [{ type: 'IdentifierEntry', identifier: linkedIn, identifierType: 'ext:LinkedInOrganizationId' }],
  } as const);
}
