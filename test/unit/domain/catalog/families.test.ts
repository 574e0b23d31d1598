import { expect } from 'chai';
import { findAchievement } from '../../../../src/domain/catalog/findAchievement.js';
import { familyRules } from '../../../../src/domain/catalog/memberRules.js';
import type { Catalog, CatalogProblem } from '../../../../src/domain/catalog/types.js';
import { validateCatalog } from '../../../../src/domain/catalog/validateCatalog.js';
import { decideEligibility } from '../../../../src/domain/eligibility/decideEligibility.js';
import {
  catalogFrom,
  catalogJson,
  certificationJson,
  examJson,
  familyJson,
  type Json,
} from '../../../fixtures/rules/catalogs.js';

const EXCLUDED = { badge: { available: false, reason: 'excluded' } };

/** Family `old` retired at the end of 2019 and excluded; `open` has no rule of its own. */
function withFamilies(achievements: readonly Json[], version = 'families-1'): Json {
  return catalogJson(achievements, version, [
    familyJson('old', { status: 'retired', retirementDate: '2019-12-31', ...EXCLUDED }),
    familyJson('open'),
  ]);
}

function problemsOf(json: unknown, today?: string): readonly CatalogProblem[] {
  const result = validateCatalog(json, today === undefined ? {} : { today });
  return result.ok ? [] : result.errors;
}

function entry(catalog: Catalog, id: string) {
  const found = findAchievement(catalog, id);
  if (found === undefined) throw new Error(`${id} is not in the catalog`);
  return found;
}

describe('catalog families', () => {
  it('gives a member that states no rule its family’s status, retirement date and badge', () => {
    const catalog = catalogFrom(
      withFamilies([examJson('OLD-1', { family: 'old', status: undefined, badge: undefined })]),
    );
    const member = entry(catalog, 'OLD-1');
    expect([member.status, member.retirementDate, member.badge]).to.deep.equal([
      'retired',
      '2019-12-31',
      { available: false, reason: 'excluded' },
    ]);
    expect(member.inherited).to.deep.equal(['status', 'retirementDate', 'badge']);
  });

  it('keeps what a member states itself over its family’s rule', () => {
    const catalog = catalogFrom(
      withFamilies([examJson('OLD-2', { family: 'old', status: undefined, badge: { available: true } })]),
    );
    const member = entry(catalog, 'OLD-2');
    expect(member.badge).to.deep.equal({ available: true });
    expect(member.inherited).to.deep.equal(['status', 'retirementDate']);
  });

  it('defaults a member of a family without a rule to active, with a badge', () => {
    const catalog = catalogFrom(
      withFamilies([examJson('NEW-1', { family: 'open', status: undefined, badge: undefined })]),
    );
    const member = entry(catalog, 'NEW-1');
    expect([member.status, member.retirementDate, member.badge, member.inherited]).to.deep.equal([
      'active',
      undefined,
      { available: true },
      undefined,
    ]);
  });

  it('refuses a pass of a new member of an excluded family, naming the family, with the rule of today', () => {
    const catalog = catalogFrom(
      catalogJson([examJson('MOS-NEW', { family: 'mos', status: undefined, badge: undefined })], 'families-2', [
        familyJson('mos', EXCLUDED),
      ]),
    );
    const decision = decideEligibility({
      catalog,
      achievementId: 'MOS-NEW',
      earnedOn: new Date('2024-01-10'),
      now: new Date('2025-01-01'),
      history: [],
    });
    expect(decision).to.deep.include({ eligible: false, rule: 'excluded', family: 'mos' });
  });

  it('refuses a pass after the family’s retirement date as earned_after_retirement, naming the family', () => {
    const catalog = catalogFrom(
      withFamilies([examJson('OLD-3', { family: 'old', status: undefined, badge: { available: true } })]),
    );
    const decision = decideEligibility({
      catalog,
      achievementId: 'OLD-3',
      earnedOn: new Date('2020-01-01'),
      now: new Date('2025-01-01'),
      history: [],
    });
    expect(decision).to.deep.include({ eligible: false, rule: 'earned_after_retirement', family: 'old' });
  });

  it('names no family when the member’s own rule refuses it', () => {
    const catalog = catalogFrom(withFamilies([examJson('OWN', { family: 'open', ...EXCLUDED })]));
    const decision = decideEligibility({
      catalog,
      achievementId: 'OWN',
      earnedOn: new Date('2024-01-10'),
      now: new Date('2025-01-01'),
      history: [],
    });
    expect(decision).to.deep.equal({
      eligible: false,
      rule: 'excluded',
      message: 'The programme awards no badge for OWN',
    });
  });

  it('lists what each member of each family ends up with, and where it comes from', () => {
    const catalog = catalogFrom(
      withFamilies([
        examJson('OLD-1', { family: 'old', status: undefined, badge: undefined }),
        examJson('OLD-2', {
          family: 'old',
          badge: { available: true },
          status: 'retired',
          retirementDate: '2018-01-01',
        }),
        examJson('NEW-1', { family: 'open' }),
      ]),
    );
    const [old, open] = familyRules(catalog);
    expect(old!.members.map((member) => [member.id, member.badge, member.from])).to.deep.equal([
      ['OLD-1', 'excluded', { status: 'family', retirementDate: 'family', badge: 'family' }],
      ['OLD-2', 'badge', { status: 'own', retirementDate: 'own', badge: 'default' }],
    ]);
    expect(open!.members.map((member) => member.id)).to.deep.equal(['NEW-1']);
  });
});

describe('catalog contradictions, each naming the achievement or family by id', () => {
  it('a member naming a family that is not declared', () => {
    expect(problemsOf(withFamilies([examJson('EX-1', { family: 'mos-2100' })]))).to.deep.equal([
      {
        path: '/achievements/0/family',
        achievement: 'EX-1',
        message: 'names family "mos-2100", which /families does not declare',
      },
    ]);
  });

  it('a family declared twice, and a retired family without a date', () => {
    const json = catalogJson([examJson('EX-1')], 'v', [
      familyJson('test'),
      { ...familyJson('test'), name: { en: 'Other', fr: 'Autre' } },
      familyJson('gone', { status: 'retired' }),
    ]);
    expect(problemsOf(json)).to.deep.equal([
      { path: '/families/1/id', family: 'test', message: 'duplicates /families/0' },
      { path: '/families/2/retirementDate', family: 'gone', message: 'is required when status is "retired"' },
    ]);
  });

  it('retired without a date, when neither the entry nor its family gives one', () => {
    expect(problemsOf(withFamilies([examJson('EX-1', { family: 'open', status: 'retired' })]))).to.deep.equal([
      {
        path: '/achievements/0/retirementDate',
        achievement: 'EX-1',
        message: 'is required when status is "retired" (family open gives none)',
      },
    ]);
  });

  it('a release after the retirement date the family gives', () => {
    const json = withFamilies([examJson('LATE', { family: 'old', releaseDate: '2020-03-01', status: undefined })]);
    expect(problemsOf(json)).to.deep.equal([
      {
        path: '/achievements/0/releaseDate',
        achievement: 'LATE',
        family: 'old',
        message: 'is after the retirement date 2019-12-31 of family old',
      },
    ]);
  });

  it('status active with a retirement date in the past, judged on the day given', () => {
    const json = withFamilies([
      examJson('EX-1', { family: 'open', status: 'active', retirementDate: '2025-01-31' }),
      examJson('EX-2', { family: 'old', status: 'active', badge: { available: true } }),
    ]);
    expect(problemsOf(json)).to.deep.equal([]);
    expect(problemsOf(json, '2025-01-31')).to.deep.equal([
      {
        path: '/achievements/1/status',
        achievement: 'EX-2',
        message:
          'is active although its retirement date 2019-12-31 (from family old) has passed: set status to "retired"',
      },
    ]);
    expect(problemsOf(json, '2025-02-01').map((problem) => problem.achievement)).to.deep.equal(['EX-1', 'EX-2']);
  });

  it('a certification with a badge requiring an exam its family excludes', () => {
    const json = withFamilies([
      examJson('OLD-1', { family: 'old', status: undefined, badge: undefined }),
      certificationJson('cert-1', { exams: { allOf: ['OLD-1'] } }, { family: 'open' }),
      certificationJson(
        'cert-2',
        { exams: { allOf: ['OLD-1'] } },
        { family: 'old', status: undefined, badge: undefined },
      ),
    ]);
    const problems = problemsOf(json);
    expect(problems.map((problem) => [problem.achievement, problem.path])).to.deep.equal([
      ['cert-1', '/achievements/1/requirements/exams/allOf/0'],
    ]);
    expect(problems[0]!.message).to.contain('excludes (from family old)');
  });

  it('a certification requiring an unknown exam, or itself', () => {
    const json = catalogJson([
      certificationJson('cert-a', { exams: { allOf: ['EX-404'] }, certifications: { allOf: ['cert-a'] } }),
    ]);
    expect(problemsOf(json)).to.deep.equal([
      {
        path: '/achievements/0/requirements/exams/allOf/0',
        achievement: 'cert-a',
        message: 'names "EX-404", which is not in the catalog',
      },
      {
        path: '/achievements/0/requirements/certifications/allOf/0',
        achievement: 'cert-a',
        message: 'names cert-a itself',
      },
    ]);
  });

  it('supersedence naming an unknown entry, one of another kind, itself, or closing a cycle', () => {
    const json = catalogJson([
      examJson('EX-1', { supersedes: ['EX-3'] }),
      examJson('EX-2', { supersedes: ['EX-1'] }),
      examJson('EX-3', { supersedes: ['EX-2', 'EX-3', 'cert-1', 'EX-9'] }),
      certificationJson('cert-1', { exams: { allOf: ['EX-1'] } }),
    ]);
    expect(problemsOf(json).map((problem) => [problem.achievement, problem.path, problem.message])).to.deep.equal([
      ['EX-3', '/achievements/2/supersedes/1', 'names EX-3 itself'],
      ['EX-3', '/achievements/2/supersedes/2', 'names "cert-1", which is a certification, not an exam'],
      ['EX-3', '/achievements/2/supersedes/3', 'names "EX-9", which is not in the catalog'],
      ['EX-2', '/achievements/1/supersedes/0', 'closes a cycle of supersedence: EX-1 → EX-3 → EX-2 → EX-1'],
    ]);
  });

  it('two achievements with the same name, or two families', () => {
    const json = catalogJson([examJson('EX-1'), examJson('EX-2', { title: { en: 'exam ex-1 ', fr: 'Autre' } })], 'v', [
      familyJson('test'),
      { ...familyJson('other'), name: { en: 'Family test', fr: 'Autre' } },
    ]);
    expect(problemsOf(json)).to.deep.equal([
      { path: '/families/1/name/en', family: 'other', message: 'is the same name as test\'s ("Family test")' },
      { path: '/achievements/1/title/en', achievement: 'EX-2', message: 'is the same name as EX-1\'s ("exam ex-1 ")' },
    ]);
  });

  it('an achievement with the reserved id "direct"', () => {
    expect(problemsOf(catalogJson([examJson('Direct')])).map((problem) => problem.path)).to.deep.equal([
      '/achievements/0/id',
    ]);
  });

  it('a schema error, with the id of the entry it is in', () => {
    const json = withFamilies([examJson('EX-1', { family: 'open', sattus: 'active' })]);
    expect(problemsOf(json)).to.deep.equal([
      { path: '/achievements/0/sattus', achievement: 'EX-1', message: 'is not a known field' },
    ]);
  });
});
