import { readdirSync, readFileSync } from 'node:fs';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { expect } from 'chai';
import {
  installSharedActiveContexts,
  SHARED_PROCESSING_MODE,
} from '../../../../src/badges/jsonld/sharedActiveContexts.js';
import { buildOpenBadgeCredential } from '../../../../src/badges/ob3/credential.js';
import { buildOb3IssuerProfile } from '../../../../src/badges/ob3/issuerProfile.js';
import { projectPath } from '../../../../src/paths.js';
import { localDocumentLoader } from '../../../support/standards.js';
import { signedCandidateRecord } from '../clr/clrFixtures.js';
import { bareExamAward, certificationAward, programmeIssuer, publicSiteUrls } from '../ob3/awardFixtures.js';
import { specTeamworkCredential, vcdm11TeamworkCredential } from '../ob3/specFixtures.js';

/** The specification's examples, copied unchanged (test/fixtures/spec/SOURCES.md). */
function specExamples(spec: 'ob3' | 'clr'): [string, object][] {
  const dir = projectPath('test', 'fixtures', 'spec', spec, 'examples');
  return readdirSync(dir).map((file) => [`${spec} ${file}`, JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'))]);
}

/** The N-Quads the signing cryptosuite makes, or the error it stops with, as text to compare. */
async function canonical(document: object, processingMode?: string): Promise<string> {
  const options = { documentLoader: localDocumentLoader, base: null, safe: true, processingMode };
  try {
    return (await cryptosuite.canonize(structuredClone(document), options)) as string;
  } catch (error) {
    return `error: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Default vocabulary and language, overridden in a type-scoped context, at several depths. */
function scopedVocabularyDocument(): object {
  return {
    '@context': {
      '@vocab': 'https://example.org/vocab#',
      '@language': 'fr',
      Note: { '@id': 'https://example.org/Note', '@context': { subtitle: 'https://example.org/subtitle' } },
      Memo: {
        '@id': 'https://example.org/Memo',
        '@context': { '@language': 'en', '@vocab': 'https://example.org/memo#' },
      },
    },
    '@type': 'Note',
    title: 'bonjour',
    subtitle: 'salut',
    part: { '@type': 'Memo', title: 'hello', part: { '@type': 'Note', title: 'encore', part: { title: 'fin' } } },
  };
}

/**
 * The same scoped context met as a type's, as one of two types' and embedded in a node: the
 * cases the library's cache must keep apart (properties expand in key order, so each comes after
 * another that filled the cache).
 */
function reusedScopedContextsDocument(): object {
  const memoVocabulary = { '@vocab': 'https://example.org/memo#' };
  return {
    '@context': {
      '@vocab': 'https://example.org/vocab#',
      Memo: { '@id': 'https://example.org/Memo', '@context': memoVocabulary },
      Note: { '@id': 'https://example.org/Note', '@context': { subtitle: 'https://example.org/subtitle' } },
    },
    a: { '@type': ['Memo', 'Note'], title: 'memo and note', part: { title: 'below both' } },
    b: { '@type': 'Note', title: 'note only', part: { title: 'below note' } },
    c: { '@context': memoVocabulary, title: 'embedded', part: { title: 'below embedded' } },
    d: { '@type': 'Memo', title: 'typed', part: { title: 'below typed' } },
  };
}

describe('jsonld.js active contexts shared rather than copied', () => {
  const urls = publicSiteUrls();

  it('are installed on this jsonld.js (a version that builds them differently is noticed here)', () => {
    expect(installSharedActiveContexts()).to.equal(true);
  });

  it('give the same RDFC-1.0 N-Quads as the library copying them, for every document we sign or read', async () => {
    installSharedActiveContexts();
    const credential = buildOpenBadgeCredential(certificationAward(), urls);
    const documents: [string, object][] = [
      ['our certification credential', credential],
      ['our exam credential', buildOpenBadgeCredential(bareExamAward(), urls)],
      ['our issuer profile', buildOb3IssuerProfile(programmeIssuer(), urls)],
      ['our CLR with two signed credentials inside', await signedCandidateRecord()],
      ['the proof options', { '@context': credential['@context'], type: 'DataIntegrityProof', created: 'x' }],
      ['spec test vector', specTeamworkCredential()],
      ['VCDM 1.1 credential', vcdm11TeamworkCredential()],
      ['inline @vocab, @language and type-scoped contexts', scopedVocabularyDocument()],
      ['a scoped context reused as type, as one of two types and embedded', reusedScopedContextsDocument()],
      ['an undefined term (safe mode refuses it)', { ...credential, notATerm: true }],
      ...specExamples('ob3'),
      ...specExamples('clr'),
    ];
    let quads = 0;
    for (const [name, document] of documents) {
      const copied = await canonical(document);
      // Twice: the second time meets the processed contexts the first one left in jsonld.js's cache.
      expect(await canonical(document, SHARED_PROCESSING_MODE), name).to.equal(copied);
      expect(await canonical(document, SHARED_PROCESSING_MODE), name).to.equal(copied);
      quads += copied.startsWith('error: ') ? 0 : copied.split('\n').length - 1;
    }
    // Most documents canonicalize (the comparison is not of two identical errors).
    expect(quads).to.be.greaterThan(500);
  });
});
