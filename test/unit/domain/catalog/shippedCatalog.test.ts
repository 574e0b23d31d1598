import { expect } from 'chai';
import { findAchievement } from '../../../../src/domain/catalog/findAchievement.js';
import type { Achievement, Catalog, Certification } from '../../../../src/domain/catalog/types.js';
import { validateCatalog } from '../../../../src/domain/catalog/validateCatalog.js';
import { shippedCatalog, shippedCatalogJson } from '../../../fixtures/rules/catalogs.js';

function entry(catalog: Catalog, id: string): Achievement {
  const found = findAchievement(catalog, id);
  if (found === undefined) throw new Error(`${id} is missing from assets/catalog.json`);
  return found;
}

function certification(catalog: Catalog, id: string): Certification {
  const found = entry(catalog, id);
  if (found.kind !== 'certification') throw new Error(`${id} is not a certification`);
  return found;
}

describe('the shipped catalog (assets/catalog.json)', () => {
  const catalog = shippedCatalog();

  it('is valid against the schema and the semantic checks', () => {
    const result = validateCatalog(shippedCatalogJson());
    expect(result.ok ? [] : result.errors).to.deep.equal([]);
  });

  it('has AZ-900 earn azure-fundamentals, which never expires', () => {
    const fundamentals = certification(catalog, 'azure-fundamentals');
    expect(fundamentals.requirements).to.deep.equal({ exams: { allOf: ['AZ-900'] } });
    expect(fundamentals.validity).to.equal(undefined);
  });

  it('has AZ-104 earn azure-administrator-associate, valid 12 months with a renewal link', () => {
    const administrator = certification(catalog, 'azure-administrator-associate');
    expect(administrator.requirements?.exams?.oneOf ?? administrator.requirements?.exams?.allOf).to.include('AZ-104');
    expect(administrator.requirements?.certifications).to.equal(undefined);
    expect(administrator.validity?.months).to.equal(12);
    expect(administrator.validity?.renewalUrl).to.match(/^https:\/\//);
  });

  it('has AZ-305 together with azure-administrator-associate earn azure-solutions-architect-expert', () => {
    expect(certification(catalog, 'azure-solutions-architect-expert').requirements).to.deep.equal({
      exams: { allOf: ['AZ-305'] },
      certifications: { allOf: ['azure-administrator-associate'] },
    });
    expect(entry(catalog, 'AZ-305').badge.available).to.equal(true);
  });

  it('gives 74-343 no badge, retired on 31 July 2019', () => {
    const project = entry(catalog, '74-343');
    expect(project.badge).to.deep.equal({ available: false, reason: 'excluded' });
    expect(project.retirementDate).to.equal('2019-07-31');
  });

  it('gives the MOS 2010 exams no badge', () => {
    for (const id of ['77-881', '77-882', '77-883', '77-884', '77-885']) {
      expect(entry(catalog, id).badge, id).to.deep.equal({ available: false, reason: 'excluded' });
    }
  });

  it('gives the Dynamics CRM exams no badge, all retired on 31 December 2019', () => {
    for (const id of ['MB2-706', 'MB2-707', 'MB2-708', 'MB2-710', 'MB2-711', 'MB2-712', 'MB2-713', 'MB2-714']) {
      const crm = entry(catalog, id);
      expect(crm.badge, id).to.deep.equal({ available: false, reason: 'excluded' });
      expect([crm.status, crm.retirementDate], id).to.deep.equal(['retired', '2019-12-31']);
    }
  });

  it('excludes the MOS 2010 and Dynamics CRM exams by their families, so a new member is excluded too', () => {
    for (const id of ['77-881', 'mos-2010-master', 'MB2-706'])
      expect(entry(catalog, id).inherited, id).to.include('badge');
    const json = shippedCatalogJson() as { achievements: Record<string, unknown>[] };
    const added = {
      ...json.achievements.find((achievement) => achievement['id'] === '77-881'),
      id: '77-889',
      title: { en: 'Microsoft Outlook 2010', fr: 'Microsoft Outlook 2010 (examen)' },
    };
    const result = validateCatalog({ ...json, achievements: [...json.achievements, added] });
    expect(result.ok && findAchievement(result.catalog, '77-889')?.badge).to.deep.equal({
      available: false,
      reason: 'excluded',
    });
  });

  it('marks 70-290 and other legacy exams as never having had a badge', () => {
    const legacy = catalog.achievements.filter(
      (achievement) => !achievement.badge.available && achievement.badge.reason === 'legacy',
    );
    expect(legacy.map((achievement) => achievement.id)).to.include('70-290');
    expect(legacy.length).to.be.greaterThan(2);
  });

  it('keeps 70-533 retired on 31 December 2020 with its badge', () => {
    const azure = entry(catalog, '70-533');
    expect([azure.status, azure.retirementDate, azure.badge.available]).to.deep.equal(['retired', '2020-12-31', true]);
  });

  it('has an English and a French text for every title, description and criteria', () => {
    for (const achievement of catalog.achievements) {
      for (const text of [achievement.title, achievement.description, achievement.criteria.narrative]) {
        expect(text.en.trim(), achievement.id).not.to.equal('');
        expect(text.fr.trim(), achievement.id).not.to.equal('');
      }
    }
    expect(entry(catalog, 'AZ-104').title.fr).not.to.equal(entry(catalog, 'AZ-104').title.en);
  });
});
