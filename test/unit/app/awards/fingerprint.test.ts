import { expect } from 'chai';
import { fingerprint } from '../../../../src/app/awards/fingerprint.js';

describe('request fingerprint', () => {
  // Stored with every award (requestFingerprint): a retry is told from a conflicting reuse of a key
  // by comparing them, so the same request must keep its fingerprint across versions.
  it('keeps the fingerprints awards already hold', () => {
    const values = [
      {
        email: 'ana@example.org',
        name: 'Ana',
        lang: 'fr',
        achievement: 'azure-fundamentals',
        earnedOn: '2024-05-01T00:00:00Z',
        externalId: undefined,
        evidence: undefined,
      },
      {
        email: 'bo@example.org',
        name: 'Bö "B" \\ Ø',
        lang: 'en',
        achievement: 'AZ-104',
        earnedOn: '2024-05-01T00:00:00Z',
        externalId: 'x-1',
        evidence: [
          {
            id: 'https://e.example/1',
            name: 'Transcript',
            genre: 'T',
            narrative: 'a\nb',
            z: null,
            a: [1, 'two', { b: 2, a: 1 }],
          },
          { url: 'https://e.example/2' },
        ],
      },
      { z: 1, Z: 2, a: { é: 1, e: 2, '': 3 }, list: [], empty: {} },
    ];
    expect(values.map(fingerprint)).to.deep.equal([
      'a194f06e40ff5b3a5f52c306604719b907f6489e11faa6734cfd6214c670fa1d',
      'f71b199868ab9418cb46beb331d17fc5ae1fde40301f5763416b6f798b61b559',
      '25d5e47e43d3ce2d69b29ced332e8b6d5aa7c82dea9aac940895e1f26af69f65',
    ]);
  });

  it('does not depend on key order, and leaves out members that are undefined', () => {
    expect(fingerprint({ b: [{ y: 1, x: 2 }], a: 'text', c: undefined })).to.equal(
      fingerprint({ a: 'text', b: [{ x: 2, y: 1 }] }),
    );
    expect(fingerprint({ a: 'text' })).not.to.equal(fingerprint({ a: 'other' }));
  });
});
