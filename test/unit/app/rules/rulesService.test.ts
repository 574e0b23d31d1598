import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { openDatabase } from '../../../../src/adapters/store/openDatabase.js';
import {
  createRulesHistory,
  RULES_HISTORY_COLLECTION,
  type RulesHistory,
  type RulesHistoryRecord,
} from '../../../../src/app/rules/rulesHistory.js';
import { createRulesService, type RulesService } from '../../../../src/app/rules/rulesService.js';
import { fixedClock } from '../../../../src/ports/clock.js';
import type { Logger } from '../../../../src/ports/logger.js';
import type { Database } from '../../../../src/ports/store.js';
import { catalogJson, examJson, type Json, smallCatalogJson } from '../../../fixtures/rules/catalogs.js';
import { errorCodeOf } from '../../../fixtures/rules/errorCode.js';

const START = '2025-06-15T12:00:00.000Z';

function serialized(json: unknown): string {
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** The small catalog with its first exam's kind misspelt. */
function catalogWithMisspeltKind(version: string): Json {
  const json = smallCatalogJson(version);
  const [first, ...rest] = json['achievements'] as Json[];
  return { ...json, achievements: [{ ...first, kind: 'exma' }, ...rest] };
}

/**
 * A logger that tells waiters each time the rules service reports a load or a refusal: tests
 * wait for what the service does, never for a span of time.
 */
function reportingLogger() {
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };
  const logger: Logger = { info: notify, warn: notify, error: notify, debug: () => undefined };
  /** Settles once `check` holds, looking again after every report. */
  const eventually = (check: () => boolean) =>
    new Promise<void>((resolve) => {
      const look = () => {
        if (!check()) return;
        waiters.delete(look);
        resolve();
      };
      waiters.add(look);
      look();
    });
  return { logger, eventually };
}

describe('rules service', () => {
  let dir: string;
  let path: string;
  let service: RulesService | undefined;
  const clock = fixedClock(START);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'accolade-rules-'));
    path = join(dir, 'catalog.json');
    clock.set(START);
  });

  afterEach(() => {
    service?.close();
    service = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  let eventually: (check: () => boolean) => Promise<void>;

  function start(json: unknown = smallCatalogJson('v1'), options: { assetsDir?: string } = {}): RulesService {
    writeFileSync(path, serialized(json));
    const reporting = reportingLogger();
    eventually = reporting.eventually;
    service = createRulesService({ path, clock, debounceMs: 20, logger: reporting.logger, ...options });
    return service;
  }

  it('starts with the rules in the file, their version, load time and digest', () => {
    const rules = start().current();
    expect(rules.version).to.equal('v1');
    expect(rules.catalog.achievements).to.have.length(3);
    expect(rules.loadedAt.toISOString()).to.equal(START);
    expect(rules.sha256).to.equal(
      createHash('sha256')
        .update(serialized(smallCatalogJson('v1')))
        .digest('hex'),
    );
    expect(service!.lastRefused()).to.equal(null);
  });

  it('refuses to start on an invalid file with rules_invalid and the errors in the details', () => {
    writeFileSync(path, serialized(catalogWithMisspeltKind('v1')));
    let details: unknown;
    const code = errorCodeOf(() => {
      try {
        createRulesService({ path, clock });
      } catch (error) {
        details = (error as { details?: unknown }).details;
        throw error;
      }
    });
    expect(code).to.equal('rules_invalid');
    expect(details).to.have.nested.property('errors[0].path', '/achievements/0/kind');
  });

  it('refuses to start when the file is missing', () => {
    expect(errorCodeOf(() => createRulesService({ path: join(dir, 'absent.json'), clock }))).to.equal('rules_invalid');
  });

  it('switches to a valid new file on reload', async () => {
    start();
    clock.set('2025-06-15T12:05:00Z');
    writeFileSync(path, serialized(smallCatalogJson('v2')));
    const result = await service!.reload();
    expect(result.outcome).to.equal('loaded');
    expect(service!.current().version).to.equal('v2');
    expect(service!.current().loadedAt.toISOString()).to.equal('2025-06-15T12:05:00.000Z');
  });

  it('changes nothing when the file has the same bytes', async () => {
    start();
    clock.set('2025-06-15T12:05:00Z');
    expect((await service!.reload()).outcome).to.equal('unchanged');
    expect(service!.current().loadedAt.toISOString()).to.equal(START);
  });

  it('refuses an invalid file on reload, keeps the last good rules and records the errors', async () => {
    start();
    const before = service!.current();
    clock.set('2025-06-15T12:05:00Z');
    writeFileSync(path, serialized(catalogWithMisspeltKind('v2')));
    const result = await service!.reload();
    expect(result.outcome).to.equal('refused');
    expect(service!.current()).to.equal(before);
    const refused = service!.lastRefused();
    expect(refused?.at.toISOString()).to.equal('2025-06-15T12:05:00.000Z');
    expect(refused?.errors).to.deep.equal([
      { path: '/achievements/0/kind', achievement: 'EX-1', message: 'must be one of: exam, certification' },
    ]);
  });

  it('refuses malformed JSON, saying where it breaks', async () => {
    start();
    writeFileSync(path, '{\n  "version": "v2",\n  "achievements": [,]\n}\n');
    await service!.reload();
    expect(service!.current().version).to.equal('v1');
    expect(service!.lastRefused()?.errors).to.have.length(1);
    expect(service!.lastRefused()?.errors[0]?.path).to.equal('/');
    expect(service!.lastRefused()?.errors[0]?.message).to.contain('line 3');
  });

  it('refuses a catalog naming a badge image that is not in the assets folder', async () => {
    const assetsDir = join(dir, 'assets');
    mkdirSync(join(assetsDir, 'badges'), { recursive: true });
    writeFileSync(join(assetsDir, 'badges', 'ex-1.png'), 'png');
    const withImage = (image: string): Json =>
      catalogJson([examJson('EX-1', { badge: { available: true, image } })], 'v-images');
    start(withImage('badges/ex-1.png'), { assetsDir });
    writeFileSync(path, serialized(withImage('badges/ex-one.png')));
    await service!.reload();
    expect(service!.current().version).to.equal('v-images');
    expect(service!.lastRefused()?.errors.map((error) => error.path)).to.deep.equal(['/achievements/0/badge/image']);
  });

  it('picks up a valid change to the file while watching', async () => {
    start().watch();
    writeFileSync(path, serialized(smallCatalogJson('v2')));
    await eventually(() => service!.current().version === 'v2');
  });

  it('picks up a file an editor writes elsewhere and renames over the original', async () => {
    start().watch();
    const temporary = join(dir, '.catalog.json.swp');
    writeFileSync(temporary, serialized(smallCatalogJson('v3')));
    renameSync(temporary, path);
    await eventually(() => service!.current().version === 'v3');
    writeFileSync(path, serialized(smallCatalogJson('v4')));
    await eventually(() => service!.current().version === 'v4');
  });

  it('refuses an invalid change while watching and keeps the last good rules', async () => {
    start().watch();
    writeFileSync(path, serialized(catalogWithMisspeltKind('v2')));
    await eventually(() => service!.lastRefused() !== null);
    expect(service!.current().version).to.equal('v1');
    expect(service!.lastRefused()?.errors[0]?.path).to.equal('/achievements/0/kind');
  });

  it('stops following the file once closed', async () => {
    start().watch();
    service!.close();
    // A second watcher, slower to react, shows when the change has been seen and acted on.
    const witness = reportingLogger();
    const second = createRulesService({ path, clock, debounceMs: 200, logger: witness.logger });
    second.watch();
    try {
      writeFileSync(path, serialized(smallCatalogJson('v2')));
      await witness.eventually(() => second.current().version === 'v2');
      expect(service!.current().version).to.equal('v1');
    } finally {
      second.close();
    }
  });

  describe('with a history in the store', () => {
    let database: Database;
    let history: RulesHistory;

    beforeEach(async () => {
      database = await openDatabase({ dataDir: join(dir, 'data') });
      history = createRulesHistory(await database.collection<RulesHistoryRecord>(RULES_HISTORY_COLLECTION));
    });

    afterEach(async () => {
      await database.close();
    });

    async function triggers(): Promise<string[][]> {
      return (await history.list({ limit: 10 })).map((record) => [record.version, record.trigger]).reverse();
    }

    it('keeps each version that takes effect with how it was loaded, and nothing refused', async () => {
      await start().useHistory(history);
      writeFileSync(path, serialized(smallCatalogJson('v2')));
      await service!.reload({ trigger: 'sighup' });
      writeFileSync(path, serialized(catalogWithMisspeltKind('v3')));
      await service!.reload({ trigger: 'sighup' });
      service!.watch();
      writeFileSync(path, serialized(smallCatalogJson('v4')));
      await eventually(() => service!.current().version === 'v4');
      expect(await triggers()).to.deep.equal([
        ['v1', 'start'],
        ['v2', 'sighup'],
        ['v4', 'watch'],
      ]);
      const latest = await history.latest();
      expect(latest?.previous?.version).to.equal('v2');
      expect(latest?.content).to.equal(serialized(smallCatalogJson('v4')));
    });

    it('records nothing at a restart on the version it recorded last', async () => {
      await start().useHistory(history);
      service!.close();
      service = createRulesService({ path, clock });
      await service.useHistory(history);
      expect(await triggers()).to.deep.equal([['v1', 'start']]);
    });

    it('refuses at start a file that reuses a recorded version for other content', async () => {
      await start().useHistory(history);
      service!.close();
      writeFileSync(path, serialized({ ...smallCatalogJson('v1'), achievements: [examJson('EX-9')] }));
      service = createRulesService({ path, clock });
      let error: unknown;
      await service.useHistory(history).catch((caught: unknown) => {
        error = caught;
      });
      expect(error).to.have.property('code', 'rules_invalid');
      expect(error).to.have.nested.property('details.errors[0].path', '/version');
    });

    it('only warns at a restart when the file in force has grown past an active retirement date', async () => {
      const ageing = (version: string): Json =>
        catalogJson([examJson('EX-1', { status: 'active', retirementDate: '2025-06-30' })], version);
      await start(ageing('v1')).useHistory(history);
      service!.close();
      clock.set('2025-07-10T00:00:00Z');
      service = createRulesService({ path, clock });
      await service.useHistory(history);
      service.close();
      writeFileSync(path, serialized(ageing('v2')));
      service = createRulesService({ path, clock });
      let error: unknown;
      await service.useHistory(history).catch((caught: unknown) => {
        error = caught;
      });
      expect(error).to.have.nested.property('details.errors[0].path', '/achievements/0/status');
    });
  });
});
