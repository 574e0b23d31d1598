import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'chai';
import { buildOpenBadgeCredential } from '../../../../src/badges/ob3/credential.js';
import { ob3SchemaGeneration } from '../../../../src/badges/schema/ob3Schemas.js';
import { projectPath } from '../../../../src/paths.js';
import { validateOb3Credential, validateOb3EndorsementCredential } from '../../../support/standards.js';
import { certificationAward, publicSiteUrls } from './awardFixtures.js';
import { vcdm11TeamworkCredential } from './specFixtures.js';

/** The specification's examples, copied unchanged (test/fixtures/spec/SOURCES.md). */
const EXAMPLES_DIR = projectPath('test', 'fixtures', 'spec', 'ob3', 'examples');

function specExample(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${EXAMPLES_DIR}/${file}`, 'utf8'));
}

function ourCredential(): Record<string, unknown> {
  return structuredClone(buildOpenBadgeCredential(certificationAward(), publicSiteUrls())) as unknown as Record<
    string,
    unknown
  >;
}

describe('the official OB 3.0 JSON Schemas', () => {
  it('accept every credential example of the specification', () => {
    const files = readdirSync(EXAMPLES_DIR).filter((file) => file.endsWith('.json') && file !== 'endorsement.json');
    expect(files).to.have.length(6);
    for (const file of files) {
      const result = validateOb3Credential(specExample(file));
      expect(result.errors, file).to.deep.equal([]);
      expect(result.generation).to.equal('vcdm2');
    }
  });

  it('accept the specification endorsement example as an EndorsementCredential', () => {
    expect(validateOb3EndorsementCredential(specExample('endorsement.json')).ok).to.equal(true);
  });

  it('reject a type given as a string instead of an array', () => {
    const result = validateOb3Credential({ ...ourCredential(), type: 'OpenBadgeCredential' });
    expect(result.ok).to.equal(false);
    expect(result.errors.map((error) => error.path)).to.include('/type');
  });

  it('reject a credentialStatus given as an array', () => {
    const credential = ourCredential();
    const result = validateOb3Credential({ ...credential, credentialStatus: [credential.credentialStatus] });
    expect(result.ok).to.equal(false);
    expect(result.errors.map((error) => error.path)).to.include('/credentialStatus');
  });

  it('reject a validFrom without a time zone', () => {
    const result = validateOb3Credential({ ...ourCredential(), validFrom: '2025-03-04T10:20:30' });
    expect(result.ok).to.equal(false);
    expect(result.errors.map(({ path, keyword }) => ({ path, keyword }))).to.deep.include({
      path: '/validFrom',
      keyword: 'format',
    });
  });

  it('reject an image given as a bare URL', () => {
    const credential = ourCredential() as { issuer: Record<string, unknown> };
    const result = validateOb3Credential({
      ...credential,
      issuer: { ...credential.issuer, image: 'https://x.example/i.png' },
    });
    expect(result.ok).to.equal(false);
  });

  it('reject a credential without a subject', () => {
    const { credentialSubject: _subject, ...withoutSubject } = ourCredential();
    expect(validateOb3Credential(withoutSubject).ok).to.equal(false);
  });

  it('judge a VC Data Model 1.1 credential by the legacy schema, where name and issuanceDate are required', () => {
    const credential = vcdm11TeamworkCredential();
    expect(ob3SchemaGeneration(credential)).to.equal('vcdm11');
    const valid = validateOb3Credential(credential);
    expect(valid.errors).to.deep.equal([]);
    expect(valid.generation).to.equal('vcdm11');
    const { name: _name, ...withoutName } = credential;
    expect(validateOb3Credential(withoutName).ok).to.equal(false);
    const { issuanceDate: _issued, ...withoutIssuanceDate } = credential;
    expect(validateOb3Credential(withoutIssuanceDate).ok).to.equal(false);
  });

  it('do not require a name of a VC Data Model 2.0 credential', () => {
    const { name: _name, ...withoutName } = ourCredential();
    expect(validateOb3Credential(withoutName).ok).to.equal(true);
  });
});
