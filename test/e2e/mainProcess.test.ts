import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { projectPath } from '../../src/paths.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function startMain(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', projectPath('src', 'main.ts')], {
    cwd: projectPath(),
    env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  return { child, output: () => output };
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the service process (npm start)', function () {
  this.timeout(60_000);
  let dataDir: string;
  let rulesPath: string;
  let port: number;
  let running: ReturnType<typeof startMain> | undefined;

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
    const key = await waitFor(async () => /acc_[A-Za-z0-9_-]{20,}/.exec(running!.output())?.[0], 'the admin key');
    const health = await waitFor(async () => {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      return response.status === 200 ? response : undefined;
    }, '/healthz');
    expect(await health.json()).to.deep.include({ status: 'ok' });
    const rules = await fetch(`http://127.0.0.1:${port}/api/v1/rules`, { headers: { authorization: `Bearer ${key}` } });
    expect(rules.status).to.equal(200);
    // Only the hash of the key is stored.
    const stored = readFileSync(join(dataDir, 'apiKeys.db'), 'utf8');
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
    const refused = await waitFor(async () => {
      const body = await rules();
      return body.lastRefused === null ? undefined : body;
    }, 'the refused attempt');
    expect(refused.active.version).to.equal(before.active.version);
    expect(refused.lastRefused?.errors[0]).to.have.keys(['path', 'message']);

    const catalog = JSON.parse(readFileSync(projectPath('assets', 'catalog.json'), 'utf8'));
    writeFileSync(rulesPath, JSON.stringify({ ...catalog, version: 'reloaded-by-sighup' }));
    running!.child.kill('SIGHUP');
    const reloaded = await waitFor(async () => {
      const body = await rules();
      return body.active.version === 'reloaded-by-sighup' ? body : undefined;
    }, 'the new rules');
    expect(reloaded.active.version).to.equal('reloaded-by-sighup');
  });

  it('does not print a new admin key on a second start', async () => {
    running!.child.kill('SIGTERM');
    await once(running!.child, 'exit');
    running = startMain({ PORT: String(port), DATA_DIR: dataDir, RULES_PATH: rulesPath });
    await waitFor(async () => {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      return response.status === 200 ? true : undefined;
    }, '/healthz after restart');
    expect(running.output()).to.not.match(/acc_[A-Za-z0-9_-]{20,}/);
  });
});
