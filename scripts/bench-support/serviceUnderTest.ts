import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../src/config.js';
import { projectPath } from '../../src/paths.js';
import { createService } from '../../src/service.js';

export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';

/** `child`: the built service in its own process, as `npm start` runs it; `in-process`: createService here. */
export type ServiceMode = 'child' | 'in-process';

/** `npm run build`: the service as `npm start` runs it (`node dist/main.js`, nothing compiled at start). */
export function buildService(): string {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const built = spawnSync(process.execPath, [tsc, '-p', projectPath('tsconfig.build.json')], {
    cwd: projectPath(),
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error('npm run build failed');
  return projectPath('dist', 'main.js');
}

export interface ServiceUnderTest {
  readonly mode: ServiceMode;
  readonly baseUrl: string;
  /** The service's DATA_DIR (the outbox is its `outbox/`). */
  readonly dataDir: string;
  /** The child's process id (for memory sampling), or undefined in-process. */
  readonly pid: number | undefined;
  /**
   * CPU time the service has used so far, every thread included, in seconds; undefined
   * in-process (where it cannot be told apart from the load generator's) or without /proc.
   */
  cpuSeconds(): number | undefined;
  close(): Promise<void>;
}

/** Sum of the first field of /proc/<pid>/task/<tid>/schedstat: nanoseconds on a CPU, per thread. */
function processCpuSeconds(pid: number): number | undefined {
  try {
    let nanoseconds = 0;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      try {
        nanoseconds += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // The thread ended between the listing and the read.
      }
    }
    return nanoseconds / 1e9;
  } catch {
    return undefined;
  }
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * The settings the issue asks for: embedded store in a fresh temp dir, no rate limit, no logs,
 * and no SMTP_URL, so mail goes to the outbox (`DATA_DIR/outbox/*.eml`), the embedded default.
 */
function benchEnv(port: number, dataDir: string): Record<string, string> {
  return {
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    KEY_ENCRYPTION_SECRET: 'bench-key-encryption-secret-0123456789',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '0',
  };
}

/** This process's environment without SMTP_URL: the service under test writes its mail to the outbox. */
function inheritedEnv(): NodeJS.ProcessEnv {
  const { SMTP_URL: _smtpUrl, ...rest } = process.env;
  return rest;
}

async function waitUntilHealthy(
  baseUrl: string,
  child: ChildProcess | undefined,
  timeoutMs = 60_000,
  pollMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child !== undefined && child.exitCode !== null) throw new Error(`the service exited (${child.exitCode})`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new Error(`the service did not answer /healthz within ${timeoutMs} ms`);
}

/**
 * `entry`: `src/main.ts` through tsx (the default), or a built `dist/main.js` as `npm start`
 * runs it, which does not compile anything at start.
 */
async function startChild(port: number, dataDir: string, entry?: string, pollMs?: number): Promise<ServiceUnderTest> {
  const baseUrl = `http://127.0.0.1:${port}`;
  const args = entry === undefined ? ['--import', 'tsx', projectPath('src', 'main.ts')] : [entry];
  const child = spawn(process.execPath, args, {
    cwd: projectPath(),
    env: { ...inheritedEnv(), ...benchEnv(port, dataDir) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitUntilHealthy(baseUrl, child, 60_000, pollMs);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    mode: 'child',
    baseUrl,
    dataDir,
    pid: child.pid,
    cpuSeconds: () => (child.pid === undefined ? undefined : processCpuSeconds(child.pid)),
    async close() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    },
  };
}

async function startInProcess(port: number, dataDir: string): Promise<ServiceUnderTest> {
  const baseUrl = `http://127.0.0.1:${port}`;
  const service = await createService(loadConfig(benchEnv(port, dataDir)));
  const server: Server = createServer(service.app);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  await waitUntilHealthy(baseUrl, undefined);
  return {
    mode: 'in-process',
    baseUrl,
    dataDir,
    pid: undefined,
    cpuSeconds: () => undefined,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await service.close();
    },
  };
}

/**
 * A service child on an existing data directory, kept on close; how long it took from the spawn
 * to a healthy `/healthz` (polled every 10 ms).
 */
export async function startChildOn(
  dataDir: string,
  entry?: string,
): Promise<{ service: ServiceUnderTest; startMs: number }> {
  const port = await freePort();
  const started = performance.now();
  const service = await startChild(port, dataDir, entry, 10);
  return { service, startMs: performance.now() - started };
}

/**
 * Starts a real service on 127.0.0.1 with its own temp data dir, removed again on close; a child
 * runs `entry` (a built `dist/main.js`) when given, else `src/main.ts` through tsx.
 */
export async function startServiceUnderTest(mode: ServiceMode, entry?: string): Promise<ServiceUnderTest> {
  const dataDir = mkdtempSync(join(tmpdir(), 'accolade-bench-'));
  const port = await freePort();
  try {
    const started = mode === 'child' ? await startChild(port, dataDir, entry) : await startInProcess(port, dataDir);
    return {
      ...started,
      async close() {
        await started.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
