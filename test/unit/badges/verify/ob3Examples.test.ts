import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'chai';
import { verifyBadge } from '../../../../src/badges/verify/index.js';
import { projectPath } from '../../../../src/paths.js';
import { checkOf, expectVerdict } from '../../../fixtures/verify/expectations.js';
import { testFetcher } from '../../../fixtures/verify/fetcher.js';
import { offline } from '../../../fixtures/verify/hosting.js';
import { clockAtNow } from '../../../fixtures/verify/scenario.js';
import { standards } from '../../../support/standards.js';

/** The specification's examples, copied unchanged (test/fixtures/spec/SOURCES.md). */
const EXAMPLES = projectPath('test', 'fixtures', 'spec', 'ob3', 'examples');

/**
 * The official OB 3.0 examples are unsigned (or carry placeholder proofs), so they must fail
 * the proof check; they are valid against the official schema and JSON-LD safe mode, and must
 * be reported so.
 */
describe('the official Open Badges 3.0 examples', () => {
  offline();

  for (const file of readdirSync(EXAMPLES).filter((name) => name.endsWith('.json'))) {
    it(`fails ${file} on its proof while passing schema and safe mode`, async () => {
      const credential = JSON.parse(readFileSync(`${EXAMPLES}/${file}`, 'utf8'));
      const report = await verifyBadge(
        { kind: 'credential', credential },
        { fetcher: testFetcher(), clock: clockAtNow(), standards },
      );
      expectVerdict(report, 'invalid', 'proof.signature');
      expect(report.format).to.equal('ob3-data-integrity');
      for (const id of ['jsonld.safe_mode', 'ob3.context', 'ob3.type', 'ob3.schema', 'ob3.subject'] as const) {
        expect(checkOf(report, id)?.ok, `${id}: ${checkOf(report, id)?.message}`).to.equal(true);
      }
    });
  }
});
