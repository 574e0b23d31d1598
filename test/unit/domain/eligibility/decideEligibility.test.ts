import { expect } from 'chai';
import type { Catalog } from '../../../../src/domain/catalog/types.js';
import { decideEligibility } from '../../../../src/domain/eligibility/decideEligibility.js';
import type { EligibilityDecision, PriorAward } from '../../../../src/domain/eligibility/types.js';
import { administratorAssociate, priorAward } from '../../../fixtures/rules/awards.js';
import {
  catalogFrom,
  catalogJson,
  certificationJson,
  examJson,
  shippedCatalog,
} from '../../../fixtures/rules/catalogs.js';

const NOW = '2025-06-15T12:00:00Z';
const shipped = shippedCatalog();

function decide(
  achievementId: string,
  earnedOn: string,
  history: readonly PriorAward[] = [],
  catalog: Catalog = shipped,
): EligibilityDecision {
  return decideEligibility({ catalog, achievementId, earnedOn: new Date(earnedOn), now: new Date(NOW), history });
}

function refusal(decision: EligibilityDecision): string {
  return decision.eligible ? `eligible for ${decision.award.achievementId}` : decision.rule;
}

function granted(decision: EligibilityDecision) {
  if (!decision.eligible) throw new Error(`refused by ${decision.rule}: ${decision.message}`);
  return decision;
}

/** Id, ISO earnedOn, earnedBy and ISO expiry of each award decided: what a test compares. */
function awardsOf(decision: EligibilityDecision): string[][] {
  const { award, alsoCompletes } = granted(decision);
  return [award, ...alsoCompletes].map((item) => [
    item.achievementId,
    item.earnedOn.toISOString(),
    item.earnedBy ?? '-',
    item.expires?.toISOString() ?? '-',
  ]);
}

/** Exam `x` was retired in January 2020; `x-and-y` needs it and exam `y`. */
function catalogWithRetiredRequirement(): Catalog {
  return catalogFrom(
    catalogJson([
      examJson('x', { status: 'retired', retirementDate: '2020-01-31' }),
      examJson('y'),
      certificationJson('x-and-y', { exams: { allOf: ['x', 'y'] } }),
    ]),
  );
}

/** a → cert-a; cert-a + b → cert-b; cert-b + c → cert-c: one pass can complete a chain. */
function catalogWithChainOfCertifications(): Catalog {
  return catalogFrom(
    catalogJson([
      examJson('a'),
      examJson('b'),
      examJson('c'),
      certificationJson('cert-a', { exams: { allOf: ['a'] } }),
      // Listed last-first, so that one pass over the catalog is not enough.
      certificationJson(
        'cert-c',
        { exams: { allOf: ['c'] }, certifications: { allOf: ['cert-b'] } },
        { validity: { months: 6 } },
      ),
      certificationJson('cert-b', { exams: { allOf: ['b'] }, certifications: { allOf: ['cert-a'] } }),
    ]),
  );
}

/** Exam `e` alone earns `only-e`; with exam `f` it also earns `e-and-f`. */
function catalogWhereOneExamCompletesTwo(): Catalog {
  return catalogFrom(
    catalogJson([
      examJson('e'),
      examJson('f'),
      certificationJson('only-e', { exams: { allOf: ['e'] } }),
      certificationJson('e-and-f', { exams: { allOf: ['e', 'f'] } }),
    ]),
  );
}

/** The certification of active exam `g` retired at the end of 2020, before the exam. */
function catalogWithRetiredCertification(): Catalog {
  return catalogFrom(
    catalogJson([
      examJson('g'),
      certificationJson('old-cert', { exams: { allOf: ['g'] } }, { status: 'retired', retirementDate: '2020-12-31' }),
    ]),
  );
}

describe('decideEligibility', () => {
  describe('refuses with the rule that applies', () => {
    it('unknown_achievement for an id not in the catalog', () => {
      expect(refusal(decide('AZ-999', '2024-01-10'))).to.equal('unknown_achievement');
    });

    it('excluded for 74-343 passed before its retirement', () => {
      expect(refusal(decide('74-343', '2018-05-10'))).to.equal('excluded');
    });

    it('excluded for a MOS 2010 exam and for a Dynamics CRM exam passed on its last day', () => {
      expect(refusal(decide('77-882', '2012-01-01'))).to.equal('excluded');
      expect(refusal(decide('MB2-712', '2019-12-31'))).to.equal('excluded');
    });

    it('excluded for the MOS 2010 certification even when its exams are all passed', () => {
      const history = ['77-887', '77-888', '77-883'].map((id) => priorAward(id, '2012-01-01'));
      expect(refusal(decide('77-884', '2012-02-01', history))).to.equal('excluded');
      expect(refusal(decide('mos-2010-master', '2012-02-01'))).to.equal('excluded');
    });

    it('no_badge_legacy for 70-290', () => {
      expect(refusal(decide('70-290', '2008-05-01'))).to.equal('no_badge_legacy');
    });

    it('earned_in_future for a pass dated one second after now, not for one dated now', () => {
      expect(refusal(decide('AZ-104', '2025-06-15T12:00:01Z'))).to.equal('earned_in_future');
      expect(refusal(decide('AZ-104', '2025-06-15T13:00:01+01:00'))).to.equal('earned_in_future');
      expect(decide('AZ-104', NOW).eligible).to.equal(true);
    });

    it('earned_before_release for a pass the day before release, not on the release day', () => {
      expect(refusal(decide('AZ-104', '2020-03-30'))).to.equal('earned_before_release');
      expect(refusal(decide('AZ-104', '2020-03-31'))).to.equal('eligible for azure-administrator-associate');
    });

    it('earned_after_retirement for a pass after the retirement day, even of an excluded exam', () => {
      expect(refusal(decide('70-533', '2021-01-01'))).to.equal('earned_after_retirement');
      expect(refusal(decide('74-343', '2019-08-01'))).to.equal('earned_after_retirement');
    });

    it('with a message for people', () => {
      const decision = decide('74-343', '2018-05-10');
      expect(!decision.eligible && decision.message)
        .to.be.a('string')
        .and.not.equal('');
    });
  });

  describe('backfills passes up to the retirement day', () => {
    it('issues the badge of a retired exam passed long before its retirement', () => {
      expect(awardsOf(decide('70-533', '2016-05-01'))).to.deep.equal([
        ['70-533', '2016-05-01T00:00:00.000Z', '-', '-'],
      ]);
    });

    it('issues it for a pass on the retirement day, to its last second', () => {
      expect(decide('70-533', '2020-12-31').eligible).to.equal(true);
      expect(decide('70-533', '2020-12-31T23:59:59.999Z').eligible).to.equal(true);
    });

    it('compares UTC days: 00:30 on 1 January at +01:00 is still 31 December', () => {
      expect(decide('70-533', '2021-01-01T00:30:00+01:00').eligible).to.equal(true);
    });

    it('still counts a pass of an exam that retired since as a requirement (retirement never revokes)', () => {
      const history = [priorAward('x', '2019-12-01', { status: 'accepted' })];
      expect(awardsOf(decide('y', '2021-03-01', history, catalogWithRetiredRequirement()))).to.deep.equal([
        ['x-and-y', '2021-03-01T00:00:00.000Z', 'y', '-'],
      ]);
    });
  });

  describe('issues the certification instead of the exam when the pass completes it', () => {
    it('AZ-900 gives azure-fundamentals, which never expires', () => {
      const decision = granted(decide('AZ-900', '2024-01-10'));
      expect(decision.basis).to.equal('certification_completed');
      expect(awardsOf(decision)).to.deep.equal([['azure-fundamentals', '2024-01-10T00:00:00.000Z', 'AZ-900', '-']]);
    });

    it('AZ-104 gives azure-administrator-associate, expiring twelve months later', () => {
      expect(awardsOf(decide('AZ-104', '2024-03-01T09:30:00+01:00'))).to.deep.equal([
        ['azure-administrator-associate', '2024-03-01T08:30:00.000Z', 'AZ-104', '2025-03-01T08:30:00.000Z'],
      ]);
    });

    it('the retired AZ-103 gave it too, as one of the exams that earn it', () => {
      expect(awardsOf(decide('AZ-103', '2020-06-01'))[0]![0]).to.equal('azure-administrator-associate');
    });

    it('matches the exam id whatever its case and answers with the catalog spelling', () => {
      expect(awardsOf(decide('az-104', '2024-03-01'))[0]!.slice(0, 3)).to.deep.equal([
        'azure-administrator-associate',
        '2024-03-01T00:00:00.000Z',
        'AZ-104',
      ]);
    });

    it('AZ-305 alone gives its own exam badge', () => {
      const decision = granted(decide('AZ-305', '2024-01-10'));
      expect(decision.basis).to.equal('exam_passed');
      expect(awardsOf(decision)).to.deep.equal([['AZ-305', '2024-01-10T00:00:00.000Z', '-', '-']]);
    });

    it('AZ-305 with a valid azure-administrator-associate gives azure-solutions-architect-expert', () => {
      const history = [administratorAssociate('2024-03-01', '2025-03-01')];
      expect(awardsOf(decide('AZ-305', '2024-09-01', history))).to.deep.equal([
        ['azure-solutions-architect-expert', '2024-09-01T00:00:00.000Z', 'AZ-305', '2025-09-01T00:00:00.000Z'],
      ]);
    });

    it('counts a prerequisite up to its expiry instant and not after', () => {
      const history = [administratorAssociate('2024-03-01', '2025-03-01T00:00:00Z')];
      expect(awardsOf(decide('AZ-305', '2025-03-01T00:00:00Z', history))[0]![0]).to.equal(
        'azure-solutions-architect-expert',
      );
      expect(awardsOf(decide('AZ-305', '2025-03-01T00:00:01Z', history))[0]![0]).to.equal('AZ-305');
    });

    it('does not count a prerequisite that had expired on the date of the pass', () => {
      const history = [administratorAssociate('2022-03-01', '2023-03-01')];
      expect(awardsOf(decide('AZ-305', '2024-09-01', history))).to.deep.equal([
        ['AZ-305', '2024-09-01T00:00:00.000Z', '-', '-'],
      ]);
    });

    it('does not count a prerequisite earned after the date of the pass', () => {
      const history = [administratorAssociate('2024-03-01', '2025-03-01')];
      expect(awardsOf(decide('AZ-305', '2024-01-10', history))[0]![0]).to.equal('AZ-305');
    });

    it('does not count a revoked prerequisite', () => {
      const history = [administratorAssociate('2024-03-01', '2025-03-01', 'revoked')];
      expect(awardsOf(decide('AZ-305', '2024-09-01', history))[0]![0]).to.equal('AZ-305');
    });

    it('counts a declined prerequisite: declining a badge does not undo the pass', () => {
      const history = [administratorAssociate('2024-03-01', '2025-03-01', 'declined')];
      expect(awardsOf(decide('AZ-305', '2024-09-01', history))[0]![0]).to.equal('azure-solutions-architect-expert');
    });

    it('accepts one certification of a one-of list as the prerequisite (DevOps Engineer Expert)', () => {
      const history = [
        priorAward('azure-developer-associate', '2024-02-01', { expires: '2025-02-01', earnedBy: 'AZ-204' }),
      ];
      expect(awardsOf(decide('AZ-400', '2024-06-01', history))[0]![0]).to.equal('devops-engineer-expert');
    });

    it('counts the exam behind an earlier certification badge as passed', () => {
      const history = [priorAward('only-e', '2023-01-01', { earnedBy: 'e' })];
      expect(awardsOf(decide('f', '2023-05-01', history, catalogWhereOneExamCompletesTwo()))).to.deep.equal([
        ['e-and-f', '2023-05-01T00:00:00.000Z', 'f', '-'],
      ]);
    });

    it('gives the exam badge when the certification it would complete had retired by then', () => {
      const catalog = catalogWithRetiredCertification();
      expect(awardsOf(decide('g', '2020-12-31', [], catalog))[0]![0]).to.equal('old-cert');
      expect(awardsOf(decide('g', '2021-01-01', [], catalog))[0]![0]).to.equal('g');
    });

    it('lists every certification one pass completes, the main award first in catalog order', () => {
      const history = [priorAward('f', '2023-01-01')];
      expect(awardsOf(decide('e', '2023-05-01', history, catalogWhereOneExamCompletesTwo()))).to.deep.equal([
        ['only-e', '2023-05-01T00:00:00.000Z', 'e', '-'],
        ['e-and-f', '2023-05-01T00:00:00.000Z', 'e', '-'],
      ]);
    });

    it('prefers as main award a certification the recipient does not hold yet', () => {
      const history = [priorAward('f', '2023-01-01'), priorAward('only-e', '2022-01-01', { earnedBy: 'e' })];
      expect(awardsOf(decide('e', '2023-05-01', history, catalogWhereOneExamCompletesTwo()))).to.deep.equal([
        ['e-and-f', '2023-05-01T00:00:00.000Z', 'e', '-'],
      ]);
    });
  });

  describe('completes certifications that were waiting', () => {
    it('AZ-305 first, AZ-104 later: azure-administrator-associate, and the expert certification with it', () => {
      const history = [priorAward('AZ-305', '2024-01-10')];
      expect(awardsOf(decide('AZ-104', '2024-03-01', history))).to.deep.equal([
        ['azure-administrator-associate', '2024-03-01T00:00:00.000Z', 'AZ-104', '2025-03-01T00:00:00.000Z'],
        ['azure-solutions-architect-expert', '2024-03-01T00:00:00.000Z', 'AZ-104', '2025-03-01T00:00:00.000Z'],
      ]);
    });

    it('counts a waiting exam badge that was declined, and not one that was revoked', () => {
      const declined = [priorAward('AZ-305', '2024-01-10', { status: 'declined' })];
      const revoked = [priorAward('AZ-305', '2024-01-10', { status: 'revoked' })];
      expect(awardsOf(decide('AZ-104', '2024-03-01', declined)).map(([id]) => id)).to.include(
        'azure-solutions-architect-expert',
      );
      expect(awardsOf(decide('AZ-104', '2024-03-01', revoked)).map(([id]) => id)).to.deep.equal([
        'azure-administrator-associate',
      ]);
    });

    it('skips a waiting certification the recipient already holds unexpired', () => {
      const history = [
        priorAward('AZ-305', '2024-01-10'),
        priorAward('azure-solutions-architect-expert', '2024-02-01', { expires: '2025-02-01', earnedBy: 'AZ-305' }),
      ];
      expect(awardsOf(decide('AZ-104', '2024-03-01', history)).map(([id]) => id)).to.deep.equal([
        'azure-administrator-associate',
      ]);
    });

    it('completes every certification the new one is a prerequisite of (AZ-305 and AZ-400 waiting)', () => {
      const history = [priorAward('AZ-305', '2024-01-10'), priorAward('AZ-400', '2024-02-10', { status: 'accepted' })];
      expect(awardsOf(decide('AZ-104', '2024-03-01', history)).map(([id]) => id)).to.deep.equal([
        'azure-administrator-associate',
        'azure-solutions-architect-expert',
        'devops-engineer-expert',
      ]);
    });

    it('follows a chain of prerequisites to its end', () => {
      const history = [priorAward('b', '2023-01-01'), priorAward('c', '2023-02-01')];
      expect(awardsOf(decide('a', '2023-05-01', history, catalogWithChainOfCertifications()))).to.deep.equal([
        ['cert-a', '2023-05-01T00:00:00.000Z', 'a', '-'],
        ['cert-b', '2023-05-01T00:00:00.000Z', 'a', '-'],
        ['cert-c', '2023-05-01T00:00:00.000Z', 'a', '2023-11-01T00:00:00.000Z'],
      ]);
    });

    it('dates a certification completed by a backfilled earlier pass when its last requirement was earned', () => {
      const history = [administratorAssociate('2024-03-01', '2025-03-01')];
      expect(awardsOf(decide('AZ-305', '2024-01-10', history))).to.deep.equal([
        ['AZ-305', '2024-01-10T00:00:00.000Z', '-', '-'],
        ['azure-solutions-architect-expert', '2024-03-01T00:00:00.000Z', 'AZ-305', '2025-03-01T00:00:00.000Z'],
      ]);
    });
  });

  describe('awards a certification requested directly, checked like an exam', () => {
    it('issues it with its validity, earned "direct": no exam pass behind it', () => {
      const decision = granted(decide('azure-administrator-associate', '2024-03-01'));
      expect(decision.basis).to.equal('certification_awarded');
      expect(awardsOf(decision)).to.deep.equal([
        ['azure-administrator-associate', '2024-03-01T00:00:00.000Z', 'direct', '2025-03-01T00:00:00.000Z'],
      ]);
    });

    it('completes the certifications that were waiting for it', () => {
      const history = [priorAward('AZ-305', '2024-01-10')];
      expect(awardsOf(decide('azure-administrator-associate', '2024-03-01', history)).map(([id]) => id)).to.deep.equal([
        'azure-administrator-associate',
        'azure-solutions-architect-expert',
      ]);
    });

    it('applies the date rules to it', () => {
      expect(refusal(decide('azure-solutions-architect-expert', '2018-11-30'))).to.equal('earned_before_release');
      expect(refusal(decide('mcsa-windows-server-2003', '2005-01-01'))).to.equal('no_badge_legacy');
    });
  });
});
