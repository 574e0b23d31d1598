import { expect } from 'chai';
import { findAchievement } from '../../../../src/domain/catalog/findAchievement.js';
import { listAchievements, summarizeCatalog } from '../../../../src/domain/catalog/listing.js';
import { catalogFrom, catalogJson, certificationJson, examJson } from '../../../fixtures/rules/catalogs.js';

function catalogWithImageAndRetiredExam() {
  return catalogFrom(
    catalogJson([
      examJson('AZ-104', { badge: { available: true, image: 'badges/az-104.png' } }),
      examJson('74-343', {
        status: 'retired',
        retirementDate: '2019-07-31',
        badge: { available: false, reason: 'excluded' },
      }),
      certificationJson(
        'azure-administrator-associate',
        { exams: { allOf: ['AZ-104'] } },
        { validity: { months: 12 } },
      ),
    ]),
  );
}

describe('findAchievement', () => {
  it('finds an achievement by id whatever its case, returning the catalog spelling', () => {
    const catalog = catalogWithImageAndRetiredExam();
    expect(findAchievement(catalog, 'az-104')?.id).to.equal('AZ-104');
    expect(findAchievement(catalog, 'AZURE-Administrator-Associate')?.kind).to.equal('certification');
  });

  it('finds nothing for an id that is not in the catalog', () => {
    expect(findAchievement(catalogWithImageAndRetiredExam(), 'AZ-999')).to.equal(undefined);
  });
});

describe('listAchievements', () => {
  it('lists every achievement without its image file, with why a badge is missing', () => {
    const listing = listAchievements(catalogWithImageAndRetiredExam());
    expect(listing.map((item) => item.id)).to.deep.equal(['AZ-104', '74-343', 'azure-administrator-associate']);
    expect(listing[0]!.badge).to.deep.equal({ available: true });
    expect(listing[1]!.badge).to.deep.equal({ available: false, reason: 'excluded' });
    expect(listing[1]!.retirementDate).to.equal('2019-07-31');
    expect(listing[2]!.validity).to.deep.equal({ months: 12 });
  });

  it('filters by kind and status', () => {
    const catalog = catalogWithImageAndRetiredExam();
    expect(listAchievements(catalog, { kind: 'certification' }).map((item) => item.id)).to.deep.equal([
      'azure-administrator-associate',
    ]);
    expect(listAchievements(catalog, { status: 'retired' }).map((item) => item.id)).to.deep.equal(['74-343']);
  });

  it('summarises the catalog for the command line and the rules endpoint', () => {
    expect(summarizeCatalog(catalogWithImageAndRetiredExam())).to.deep.equal({
      version: 'test-1',
      achievements: 3,
      exams: 2,
      certifications: 1,
      withBadge: 2,
      families: 1,
    });
  });
});
