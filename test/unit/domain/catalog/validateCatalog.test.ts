import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { CATALOG_SCHEMA } from '../../../../src/domain/catalog/catalogSchema.js';
import type { CatalogProblem } from '../../../../src/domain/catalog/types.js';
import { validateCatalog } from '../../../../src/domain/catalog/validateCatalog.js';
import { projectPath } from '../../../../src/paths.js';
import {
  catalogJson,
  certificationJson,
  examJson,
  type Json,
  smallCatalogJson,
} from '../../../fixtures/rules/catalogs.js';

/** Titles of its own, so an entry does not clash with another's name. */
function texts(label: string): Json {
  return {
    title: { en: `Title ${label}`, fr: `Titre ${label}` },
  };
}

function problemsOf(json: unknown): readonly CatalogProblem[] {
  const result = validateCatalog(json);
  return result.ok ? [] : result.errors;
}

function pathsOf(json: unknown): string[] {
  return problemsOf(json).map((problem) => problem.path);
}

/** The small catalog with its achievement `index` changed. */
function withAchievement(index: number, change: (entry: Json) => Json): Json {
  const json = smallCatalogJson();
  const achievements = [...(json['achievements'] as Json[])];
  achievements[index] = change({ ...achievements[index] });
  return { ...json, achievements };
}

describe('validateCatalog', () => {
  it('accepts a well-formed catalog and returns it frozen', () => {
    const result = validateCatalog(smallCatalogJson('v7'));
    expect(result.ok).to.equal(true);
    if (!result.ok) return;
    expect(result.catalog.version).to.equal('v7');
    expect(result.catalog.achievements.map((entry) => entry.id)).to.deep.equal(['EX-1', 'EX-2', 'cert-1']);
    expect(Object.isFrozen(result.catalog.achievements[0]!.title)).to.equal(true);
  });

  it('does not share objects with the JSON it was given', () => {
    const json = smallCatalogJson();
    const result = validateCatalog(json);
    ((json['achievements'] as Json[])[0]!['title'] as Json)['en'] = 'changed later';
    expect(result.ok && result.catalog.achievements[0]!.title.en).to.equal('Exam EX-1');
  });

  describe('refuses shapes the schema forbids, naming the JSON path', () => {
    it('a kind that is neither exam nor certification', () => {
      expect(problemsOf(withAchievement(1, (entry) => ({ ...entry, kind: 'exma' })))).to.deep.equal([
        { path: '/achievements/1/kind', achievement: 'EX-2', message: 'must be one of: exam, certification' },
      ]);
    });

    it('a misspelt field, as an unknown field', () => {
      expect(pathsOf(withAchievement(0, (entry) => ({ ...entry, relaseDate: '2020-01-01' })))).to.deep.equal([
        '/achievements/0/relaseDate',
      ]);
    });

    it('a retired achievement without a retirement date', () => {
      expect(problemsOf(withAchievement(0, (entry) => ({ ...entry, status: 'retired' })))).to.deep.equal([
        {
          path: '/achievements/0/retirementDate',
          achievement: 'EX-1',
          message: 'is required when status is "retired" (family test gives none)',
        },
      ]);
    });

    it('an impossible release date', () => {
      expect(pathsOf(withAchievement(1, (entry) => ({ ...entry, releaseDate: '2023-02-30' })))).to.deep.equal([
        '/achievements/1/releaseDate',
      ]);
    });

    it('requirements or a validity period on an exam', () => {
      const json = withAchievement(0, (entry) => ({
        ...entry,
        requirements: { exams: { allOf: ['EX-2'] } },
        validity: { months: 12 },
      }));
      expect(pathsOf(json)).to.have.members(['/achievements/0/requirements', '/achievements/0/validity']);
    });

    it('a badge that is not available without its reason, or with an image', () => {
      const json = withAchievement(0, (entry) => ({ ...entry, badge: { available: false, image: 'badges/x.png' } }));
      expect(pathsOf(json)).to.have.members(['/achievements/0/badge/reason', '/achievements/0/badge/image']);
    });

    it('a reason on a badge that is available', () => {
      expect(
        pathsOf(withAchievement(0, (entry) => ({ ...entry, badge: { available: true, reason: 'legacy' } }))),
      ).to.deep.equal(['/achievements/0/badge/reason']);
    });

    it('an image path that leaves assets/', () => {
      const json = withAchievement(0, (entry) => ({ ...entry, badge: { available: true, image: '../secrets.png' } }));
      expect(pathsOf(json)).to.deep.equal(['/achievements/0/badge/image']);
    });

    it('a missing French text', () => {
      expect(pathsOf(withAchievement(2, (entry) => ({ ...entry, title: { en: 'Only English' } })))).to.deep.equal([
        '/achievements/2/title/fr',
      ]);
    });

    it('a validity that is not a whole number of months', () => {
      expect(pathsOf(withAchievement(2, (entry) => ({ ...entry, validity: { months: 1.5 } })))).to.deep.equal([
        '/achievements/2/validity/months',
      ]);
    });

    it('a document that is not a catalog at all', () => {
      for (const json of [null, [], 'catalog', 42]) expect(pathsOf(json)).to.deep.equal(['/']);
      expect(pathsOf({ achievements: [] })).to.have.members(['/version', '/families', '/achievements']);
    });
  });

  describe('refuses what only the whole catalog can tell, naming the JSON path', () => {
    it('an id used twice, ignoring case', () => {
      const json = catalogJson([examJson('AZ-104'), examJson('EX-2'), examJson('az-104', texts('another'))]);
      expect(problemsOf(json)).to.deep.equal([
        { path: '/achievements/2/id', achievement: 'az-104', message: 'duplicates the id of AZ-104 (/achievements/0)' },
      ]);
    });

    it('a requirement naming an id that is not in the catalog', () => {
      const json = catalogJson([examJson('EX-1'), certificationJson('cert-1', { exams: { allOf: ['EX-1', 'EX-9'] } })]);
      expect(pathsOf(json)).to.deep.equal(['/achievements/1/requirements/exams/allOf/1']);
    });

    it('a requirement naming an achievement of the wrong kind', () => {
      const json = catalogJson([
        examJson('EX-1'),
        certificationJson('cert-1', { exams: { allOf: ['EX-1'] } }),
        certificationJson('cert-2', { exams: { oneOf: ['cert-1'] }, certifications: { allOf: ['EX-1'] } }),
      ]);
      expect(pathsOf(json)).to.deep.equal([
        '/achievements/2/requirements/exams/oneOf/0',
        '/achievements/2/requirements/certifications/allOf/0',
      ]);
    });

    it('a retirement date before the release date', () => {
      const json = catalogJson([examJson('EX-1', { status: 'retired', retirementDate: '2014-12-31' })]);
      expect(problemsOf(json)).to.deep.equal([
        {
          path: '/achievements/0/retirementDate',
          achievement: 'EX-1',
          message: 'is before the release date 2015-01-01',
        },
      ]);
    });

    it('a cycle among prerequisite certifications', () => {
      const json = catalogJson([
        examJson('EX-1'),
        certificationJson('cert-a', { exams: { allOf: ['EX-1'] }, certifications: { allOf: ['cert-c'] } }),
        certificationJson('cert-b', { certifications: { allOf: ['cert-a'] } }),
        certificationJson('cert-c', { certifications: { oneOf: ['EX-1', 'cert-b'] } }),
      ]);
      const problems = problemsOf(json).filter((problem) => problem.message.includes('cycle'));
      expect(problems.map((problem) => problem.path)).to.deep.equal([
        '/achievements/2/requirements/certifications/allOf/0',
      ]);
      expect(problems[0]!.message).to.contain('cert-a → cert-c → cert-b → cert-a');
    });

    it('a certification that requires itself', () => {
      const json = catalogJson([certificationJson('cert-a', { certifications: { allOf: ['cert-a'] } })]);
      expect(pathsOf(json)).to.deep.equal(['/achievements/0/requirements/certifications/allOf/0']);
    });
  });

  it('publishes the same schema it validates with in schemas/catalog.schema.json', () => {
    const published = JSON.parse(readFileSync(projectPath('schemas', 'catalog.schema.json'), 'utf8'));
    expect(published).to.deep.equal(CATALOG_SCHEMA);
  });
});
