import { expect } from 'chai';
import { v7 as uuidv7 } from 'uuid';
import { publishedUuid } from '../../../src/badges/publishedUuid.js';
import { createUrlLayout } from '../../../src/badges/urls.js';
import { PUBLISHABLE_URN_UUID } from '../../support/urnUuid.js';

describe('the published UUID of a signed assertion', () => {
  it('is a version-4 UUID, for award ids the validator would refuse (UUIDv7)', () => {
    const awardId = uuidv7();
    expect(`urn:uuid:${awardId}`).not.to.match(PUBLISHABLE_URN_UUID);
    expect(publishedUuid(awardId)).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(createUrlLayout('https://badges.example.org').signedAssertionId(awardId)).to.match(PUBLISHABLE_URN_UUID);
  });

  it('stays what it was for an award stored before, since published documents name it', () => {
    expect(publishedUuid('0190a0e4-7c1e-7a3b-9f2d-3c4b5a697887')).to.equal('5cb16241-81c7-43de-8251-c0cb5c36097a');
  });

  it('differs between awards', () => {
    const ids = Array.from({ length: 1_000 }, () => publishedUuid(uuidv7()));
    expect(new Set(ids).size).to.equal(ids.length);
  });
});
