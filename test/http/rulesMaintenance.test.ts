import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runRulesCheck } from '../../src/cli/rulesCheck.js';
import { projectPath } from '../../src/paths.js';
import { fixedClock } from '../../src/ports/clock.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from '../support/testService.js';

type Entry = Record<string, unknown> & { id: string };
interface CatalogFile {
  version: string;
  families: Record<string, unknown>[];
  achievements: Entry[];
}

const NOW = '2026-06-01T12:00:00Z';

function shipped(): CatalogFile {
  return JSON.parse(readFileSync(projectPath('assets', 'catalog.json'), 'utf8')) as CatalogFile;
}

/** A new MOS 2010 exam that states no rule: the family's exclusion must apply to it. */
function withNewMosExam(catalog: CatalogFile, version: string): CatalogFile {
  const model = catalog.achievements.find((entry) => entry.id === '77-881')!;
  const added: Entry = {
    ...model,
    id: '77-886',
    title: { en: 'Microsoft Office Specialist: SharePoint 2010', fr: 'Microsoft Office Specialist : SharePoint 2010' },
    releaseDate: '2010-06-15',
  };
  return { ...catalog, version, achievements: [...catalog.achievements, added] };
}

/** AZ-104 retired on 31 May 2026. */
function withAz104Retired(catalog: CatalogFile, version: string): CatalogFile {
  return {
    ...catalog,
    version,
    achievements: catalog.achievements.map((entry) =>
      entry.id === 'AZ-104' ? { ...entry, status: 'retired', retirementDate: '2026-05-31' } : entry,
    ),
  };
}

interface ErrorBody {
  error: { code: string; details?: { rule?: string; family?: string; errors?: Record<string, string>[] } };
}

describe('rule maintainers: families, preview, history', () => {
  let service: TestService;
  let dir: string;
  let rulesPath: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accolade-rules-maintenance-'));
    rulesPath = join(dir, 'catalog.json');
    writeFileSync(rulesPath, readFileSync(projectPath('assets', 'catalog.json')));
    service = await startTestService({ env: { RULES_PATH: rulesPath }, clock: fixedClock(NOW) });
    for (const [email, achievement] of [
      ['pending-104@example.org', 'AZ-104'],
      ['both@example.org', 'AZ-900'],
      ['both@example.org', 'AZ-104'],
    ] as const) {
      const issued = await service.request('POST', '/api/v1/awards', {
        body: { recipient: { email, name: 'Candidate' }, achievement, earnedOn: '2026-03-01' },
      });
      expect(issued.status, `${email} ${achievement}`).to.equal(201);
    }
  });

  after(async () => {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function writeRules(catalog: CatalogFile | string): void {
    writeFileSync(rulesPath, typeof catalog === 'string' ? catalog : `${JSON.stringify(catalog, null, 2)}\n`);
  }

  async function activeVersion(): Promise<string> {
    const rules = (await (await service.request('GET', '/api/v1/rules')).json()) as { active: { version: string } };
    return rules.active.version;
  }

  async function historyItems(): Promise<Record<string, unknown>[]> {
    const history = await service.request('GET', '/api/v1/rules/history');
    expect(history.status).to.equal(200);
    return ((await history.json()) as { items: Record<string, unknown>[] }).items;
  }

  /** POSTs with a Content-Length of `bytes`, sends 64 kB of it, and resolves with the answer. */
  function declareLargeBody(path: string, bytes: number): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(new URL(path, `${service.baseUrl}/`), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
          'content-type': 'application/json',
          'content-length': String(bytes),
        },
      });
      request.on('response', (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () => {
          request.destroy();
          resolve({ status: response.statusCode ?? 0, body });
        });
      });
      request.on('error', reject);
      request.write(Buffer.alloc(64 * 1024, 0x20));
    });
  }

  function preview(body: string | Buffer): Promise<Response> {
    return service.request('POST', '/api/v1/rules/preview', {
      rawBody: body,
      headers: { 'content-type': 'application/json' },
    });
  }

  it('records the rules in force at start in the history, loaded by "start"', async () => {
    const items = await historyItems();
    expect(items.map((item) => [item['version'], item['trigger']])).to.deep.equal([['2026.12.1', 'start']]);
    expect(items[0]).not.to.have.property('content');
    expect(items[0]!['sha256']).to.match(/^[0-9a-f]{64}$/);
  });

  it('refuses a new member of an excluded family once it is in the catalog, naming the family', async () => {
    writeRules(withNewMosExam(shipped(), '2026.12.2'));
    const reload = await service.request('POST', '/api/v1/rules/reload');
    expect(reload.status).to.equal(200);
    const refused = await service.request('POST', '/api/v1/awards', {
      body: { recipient: { email: 'mos@example.org', name: 'Mos' }, achievement: '77-886', earnedOn: '2012-01-10' },
    });
    expect(refused.status).to.equal(422);
    const body = (await refused.json()) as ErrorBody;
    expect(body.error.code).to.equal('not_eligible');
    expect(body.error.details).to.include({ rule: 'excluded', family: 'mos-2010' });
  });

  it('keeps who changed what and when: the API reload with its key and the change summary', async () => {
    const items = await historyItems();
    expect(items[0]).to.deep.include({
      version: '2026.12.2',
      trigger: 'api',
      loadedAt: '2026-06-01T12:00:00Z',
      by: { apiKeyId: 'ADMIN_TOKEN', apiKeyName: 'ADMIN_TOKEN' },
      previous: { version: '2026.12.1', sha256: items[1]!['sha256'] },
    });
    expect((items[0]!['changes'] as { added: unknown[] }).added).to.deep.equal([{ id: '77-886', kind: 'exam' }]);
  });

  it('previews a retirement and its effect on the awards on record, and changes nothing', async () => {
    const before = await historyItems();
    const candidate = JSON.stringify(withAz104Retired(withNewMosExam(shipped(), '2026.12.3'), '2026.12.3'));
    const answer = await preview(candidate);
    expect(answer.status).to.equal(200);
    const report = (await answer.json()) as {
      from: { version: string };
      to: { version: string };
      changes: { retired: unknown[] };
      history: { affected: unknown[]; pendingAwards: number };
      applied: boolean;
    };
    expect([report.from.version, report.to.version, report.applied]).to.deep.equal(['2026.12.2', '2026.12.3', false]);
    expect(report.changes.retired).to.deep.equal([{ id: 'AZ-104', retirementDate: '2026-05-31' }]);
    // Each AZ-104 pass earned the Azure Administrator certification, whose badge was issued instead.
    expect(report.history.affected).to.deep.equal([]);
    expect(await activeVersion()).to.equal('2026.12.2');
    expect(await historyItems()).to.deep.equal(before);
  });

  it('previews the awards of an achievement that becomes excluded, pending ones counted', async () => {
    const catalog = withNewMosExam(shipped(), '2026.12.3');
    const excluded = {
      ...catalog,
      achievements: catalog.achievements.map((entry) =>
        entry.id === 'azure-fundamentals'
          ? {
              ...entry,
              badge: { available: false, reason: 'excluded' },
              status: 'retired',
              retirementDate: '2026-05-31',
            }
          : entry,
      ),
    };
    const report = (await (await preview(JSON.stringify(excluded))).json()) as {
      history: { affected: Record<string, unknown>[]; pendingAwards: number };
    };
    expect(report.history.affected).to.deep.equal([
      {
        id: 'azure-fundamentals',
        change: 'retired',
        retirementDate: '2026-05-31',
        awards: { total: 1, pending: 1, accepted: 0, declined: 0, revoked: 0 },
        earnedAfterRetirement: 0,
      },
      {
        id: 'azure-fundamentals',
        change: 'excluded',
        awards: { total: 1, pending: 1, accepted: 0, declined: 0, revoked: 0 },
      },
    ]);
    expect(report.history.pendingAwards).to.equal(1);
  });

  it('previews the certifications that passes on record would now complete', async () => {
    const catalog = withNewMosExam(shipped(), '2026.12.3');
    const model = catalog.achievements.find((entry) => entry.id === 'azure-fundamentals')!;
    const combined: Entry = {
      ...model,
      id: 'azure-combined',
      title: { en: 'Azure Combined', fr: 'Azure combiné' },
      requirements: { exams: { allOf: ['AZ-900', 'AZ-104'] } },
    };
    const report = (await (
      await preview(JSON.stringify({ ...catalog, achievements: [...catalog.achievements, combined] }))
    ).json()) as { changes: { added: unknown[] }; history: { completions: unknown[] } };
    expect(report.changes.added).to.deep.equal([{ id: 'azure-combined', kind: 'certification' }]);
    expect(report.history.completions).to.deep.equal([
      { certification: 'azure-combined', recipients: 1, sample: ['both@example.org'], truncated: false },
    ]);
  });

  it('previews a file from the command line against the running service, with the key from ACCOLADE_API_KEY', async () => {
    writeFileSync(
      join(dir, 'candidate.json'),
      JSON.stringify(withAz104Retired(withNewMosExam(shipped(), 'cli-1'), 'cli-1')),
    );
    const lines: string[] = [];
    const output = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(`err: ${line}`) };
    const env = { INIT_CWD: dir, ACCOLADE_API_KEY: TEST_ADMIN_TOKEN };
    expect(await runRulesCheck(['candidate.json', '--against', service.baseUrl], output, env)).to.equal(0);
    expect(lines).to.include(`Against ${service.baseUrl}: version 2026.12.2 in force → cli-1 (nothing applied)`);
    expect(lines).to.include('  retired: AZ-104 after 2026-05-31');
    expect(await activeVersion()).to.equal('2026.12.2');

    lines.length = 0;
    writeFileSync(join(dir, 'candidate.json'), JSON.stringify(withAz104Retired(shipped(), '2026.12.2')));
    expect(await runRulesCheck(['candidate.json', '--against', service.baseUrl], output, env)).to.equal(1);
    expect(lines.some((line) => line.startsWith('  /version: is still "2026.12.2"'))).to.equal(true);

    lines.length = 0;
    const withoutKey = { INIT_CWD: dir };
    expect(await runRulesCheck(['candidate.json', '--against', service.baseUrl], output, withoutKey)).to.equal(2);
    expect(lines.at(-1)).to.equal('err: --against needs an admin API key in ACCOLADE_API_KEY');
  });

  describe('refuses bad candidates with a clear error naming the place, rules in force unchanged', () => {
    it('a file that is not JSON, with its line and column', async () => {
      const answer = await preview('{\n  "version": "x",\n  "achievements": [,]\n}');
      expect(answer.status).to.equal(422);
      const body = (await answer.json()) as ErrorBody;
      expect(body.error.code).to.equal('rules_invalid');
      expect(body.error.details!.errors![0]).to.include({ path: '/' });
      expect(body.error.details!.errors![0]!['message']).to.match(
        /is not valid JSON: unexpected "," at line 3, column \d+/,
      );
    });

    it('a member of a family that does not exist, by its id', async () => {
      const catalog = shipped();
      const answer = await preview(
        JSON.stringify({
          ...catalog,
          version: 'typo',
          achievements: catalog.achievements.map((entry) =>
            entry.id === '77-881' ? { ...entry, family: 'mos-2001' } : entry,
          ),
        }),
      );
      const body = (await answer.json()) as ErrorBody;
      expect([answer.status, body.error.code]).to.deep.equal([422, 'rules_invalid']);
      expect(body.error.details!.errors).to.deep.equal([
        {
          path: '/achievements/15/family',
          achievement: '77-881',
          message: 'names family "mos-2001", which /families does not declare',
        },
      ]);
    });

    it('a changed file that keeps the version in force', async () => {
      const answer = await preview(JSON.stringify(withAz104Retired(shipped(), '2026.12.2')));
      const body = (await answer.json()) as ErrorBody;
      expect([answer.status, body.error.code]).to.deep.equal([422, 'rules_invalid']);
      expect(body.error.details!.errors!.map((error) => error['path'])).to.deep.equal(['/version']);
    });

    it('a 50 MB file, with 413 payload_too_large before it is read', async () => {
      // The size is declared and only the first bytes are sent: the answer must come without the rest.
      const answer = await declareLargeBody('/api/v1/rules/preview', 50 * 1024 * 1024);
      expect(answer.status).to.equal(413);
      expect((JSON.parse(answer.body) as ErrorBody).error.code).to.equal('payload_too_large');
      expect(await activeVersion()).to.equal('2026.12.2');
    });

    it('a reload of a changed file under the version in force', async () => {
      writeRules(withAz104Retired(withNewMosExam(shipped(), '2026.12.2'), '2026.12.2'));
      const reload = await service.request('POST', '/api/v1/rules/reload');
      expect(reload.status).to.equal(422);
      expect(((await reload.json()) as ErrorBody).error.details!.errors![0]).to.include({ path: '/version' });
      expect(await activeVersion()).to.equal('2026.12.2');
    });

    it('a reload that names an earlier version with other content', async () => {
      writeRules(withAz104Retired(shipped(), '2026.12.1'));
      const reload = await service.request('POST', '/api/v1/rules/reload');
      expect(reload.status).to.equal(422);
      const error = ((await reload.json()) as ErrorBody).error.details!.errors![0]!;
      expect(error['message']).to.contain('took effect on 2026-06-01T12:00:00Z with other content');
    });
  });

  describe('the history', () => {
    it('shows what changed between two versions', async () => {
      writeRules(withAz104Retired(withNewMosExam(shipped(), '2026.12.4'), '2026.12.4'));
      expect((await service.request('POST', '/api/v1/rules/reload')).status).to.equal(200);
      const diff = await service.request('GET', '/api/v1/rules/history/diff?from=2026.12.1&to=2026.12.4');
      expect(diff.status).to.equal(200);
      const body = (await diff.json()) as {
        from: { version: string };
        to: { version: string };
        changes: { added: unknown[]; retired: unknown[] };
      };
      expect([body.from.version, body.to.version]).to.deep.equal(['2026.12.1', '2026.12.4']);
      expect(body.changes.added).to.deep.equal([{ id: '77-886', kind: 'exam' }]);
      expect(body.changes.retired).to.deep.equal([{ id: 'AZ-104', retirementDate: '2026-05-31' }]);
      const unknown = await service.request('GET', '/api/v1/rules/history/diff?from=1999.1');
      expect(unknown.status).to.equal(404);
    });
  });
});
