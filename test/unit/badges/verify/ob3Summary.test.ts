import { expect } from 'chai';
import { ob3Summary } from '../../../../src/badges/verify/ob3/summary.js';

const FROM = { from: { property: 'validFrom', value: '2024-05-15T00:00:00Z' } } as const;

describe('what the report shows of an OB 3.0 badge', () => {
  it('gives awardedDate as earned and the proof’s created as issued', () => {
    const summary = ob3Summary(
      {
        awardedDate: '2024-05-10T00:00:00Z',
        proof: [{ type: 'DataIntegrityProof', created: '2024-06-01T12:00:00Z' }],
        credentialSubject: {},
      },
      FROM,
      undefined,
    );

    expect(summary).to.include({ earnedOn: '2024-05-10T00:00:00Z', issuedOn: '2024-06-01T12:00:00Z' });
  });

  it('gives a credential’s one date as earned only', () => {
    const summary = ob3Summary({ credentialSubject: {} }, FROM, undefined);

    expect(summary.earnedOn).to.equal('2024-05-15T00:00:00Z');
    expect(summary).not.to.have.property('issuedOn');
  });

  it('takes a VC-JWT’s iat as issued', () => {
    expect(ob3Summary({ credentialSubject: {} }, FROM, undefined, '2024-06-01T12:00:00.000Z').issuedOn).to.equal(
      '2024-06-01T12:00:00.000Z',
    );
  });

  it('names the earner only from an identifier of type name given in clear', () => {
    const subject = (hashed: boolean) => ({
      credentialSubject: { identifier: [{ identityType: 'name', hashed, identityHash: 'Ana López' }] },
    });

    expect(ob3Summary(subject(false), FROM, undefined).earnerName).to.equal('Ana López');
    expect(ob3Summary(subject(true), FROM, undefined)).not.to.have.property('earnerName');
  });
});
