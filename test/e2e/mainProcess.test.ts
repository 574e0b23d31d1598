import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { projectPath } from '../../src/paths.js';
import { freePort } from './support/freePort.js';

interface MainProcess {
  readonly child: ChildProcess;
  output(): string;
  /** Settles with what `probe` finds, probing now and again each time the process writes. */
  waitFor<T>(probe: () => Promise<T | undefined>): Promise<T>;
}

/**
 * The service as `npm start` runs it, logging at info: every change of state this file waits
 * for (listening, rules refused, rules loaded) is written out, so waiting is done on output,
 * never on a clock.
 */
function startMain(env: Record<string, string>): MainProcess {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', projectPath('src', 'main.ts')], {
    cwd: projectPath(),
    env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const wrote = new EventTarget();
  const append = (chunk: Buffer) => {
    output += chunk;
    wrote.dispatchEvent(new Event('output'));
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const nextOutput = (seen: number) =>
    output.length > seen
      ? Promise.resolve()
      : new Promise<void>((resolve) => wrote.addEventListener('output', () => resolve(), { once: true }));
  return {
    child,
    output: () => output,
    async waitFor(probe) {
      for (;;) {
        const seen = output.length;
        const value = await probe().catch(() => undefined);
        if (value !== undefined) return value;
        await nextOutput(seen);
      }
    },
  };
}

describe('the service process (npm start)', function () {
  // A net against a hang, not a measure: starting from source takes long on a loaded machine.
  this.timeout(180_000);
  let dataDir: string;
  let rulesPath: string;
  let port: number;
  let running: MainProcess | undefined;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'accolade-main-'));
    rulesPath = join(dataDir, 'catalog.json');
    copyFileSync(projectPath('assets', 'catalog.json'), rulesPath);
    port = await freePort();
  });

  after(async () => {
    if (running?.child.exitCode === null) {
      running.child.kill('SIGTERM');
      await once(running.child, 'exit');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a bad setting at start-up with a message naming the variable', async () => {
    const { child, output } = startMain({ PORT: 'eighty', DATA_DIR: dataDir });
    const [code] = await once(child, 'exit');
    expect(code).to.not.equal(0);
    expect(output()).to.include('PORT');
  });

  it('starts with no settings but its data directory, prints an admin key once, and serves /healthz', async () => {
    running = startMain({ PORT: String(port), DATA_DIR: dataDir, RULES_PATH: rulesPath });
    const key = await running.waitFor(async () => /acc_[A-Za-z0-9_-]{20,}/.exec(running!.output())?.[0]);
    const health = await running.waitFor(async () => {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      return response.status === 200 ? response : undefined;
    });
    expect(await health.json()).to.deep.include({ status: 'ok' });
    const rules = await fetch(`http://127.0.0.1:${port}/api/v1/rules`, { headers: { authorization: `Bearer ${key}` } });
    expect(rules.status).to.equal(200);
    // Only the hash of the key is stored.
    const stored = ['accolade.sqlite', 'accolade.sqlite-wal']
      .filter((name) => existsSync(join(dataDir, name)))
      .map((name) => readFileSync(join(dataDir, name), 'latin1'))
      .join('');
    expect(stored).to.include('"hash":"');
    expect(stored).to.not.include(key);
  });

  it('keeps the last good rules on SIGHUP with an invalid file, and switches on SIGHUP with a valid one', async () => {
    const key = /acc_[A-Za-z0-9_-]{20,}/.exec(running!.output())![0];
    interface RulesBody {
      active: { version: string };
      lastRefused: null | { errors: Array<{ path: string; message: string }> };
    }
    const rules = async () =>
      (await (
        await fetch(`http://127.0.0.1:${port}/api/v1/rules`, { headers: { authorization: `Bearer ${key}` } })
      ).json()) as RulesBody;
    const before = await rules();

    writeFileSync(rulesPath, '{"version": "broken", "achievements": [ { "id": 1 } ] }');
    running!.child.kill('SIGHUP');
    const refused = await running!.waitFor(async () => {
      const body = await rules();
      return body.lastRefused === null ? undefined : body;
    });
    expect(refused.active.version).to.equal(before.active.version);
    expect(refused.lastRefused?.errors[0]).to.have.keys(['path', 'message']);

    const catalog = JSON.parse(readFileSync(projectPath('assets', 'catalog.json'), 'utf8'));
    writeFileSync(rulesPath, JSON.stringify({ ...catalog, version: 'reloaded-by-sighup' }));
    running!.child.kill('SIGHUP');
    const reloaded = await running!.waitFor(async () => {
      const body = await rules();
      return body.active.version === 'reloaded-by-sighup' ? body : undefined;
    });
    expect(reloaded.active.version).to.equal('reloaded-by-sighup');
  });

  it('does not print a new admin key on a second start', async () => {
    running!.child.kill('SIGTERM');
    await once(running!.child, 'exit');
    running = startMain({ PORT: String(port), DATA_DIR: dataDir, RULES_PATH: rulesPath });
    await running.waitFor(async () => {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      return response.status === 200 ? true : undefined;
    });
    expect(running.output()).to.not.match(/acc_[A-Za-z0-9_-]{20,}/);
  });
});
