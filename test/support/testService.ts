import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import type { Clock } from '../../src/ports/clock.js';
import type { Fetcher } from '../../src/ports/fetcher.js';
import type { Logger } from '../../src/ports/logger.js';
import { createService, type Service } from '../../src/service.js';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface TestService {
  readonly baseUrl: string;
  readonly service: Service;
  readonly dataDir: string;
  /** fetch() against the service, with the admin token unless `token: null` or another token is given. */
  request(
    method: string,
    path: string,
    options?: { body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string>; token?: string | null },
  ): Promise<Response>;
  /** Stops the server and the service; removes the data directory unless `keepData`. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

/**
 * A real service on 127.0.0.1 with a random port, a real embedded store in a temp directory and
 * the shipped catalog. PUBLIC_URL is the listening address, so every published URL resolves.
 */
export async function startTestService(
  options: {
    env?: Record<string, string>;
    clock?: Clock;
    fetcher?: Fetcher;
    dataDir?: string;
    /** A path for PUBLIC_URL (e.g. `/accolade`): the service is then mounted there. */
    basePath?: string;
    logger?: Logger;
  } = {},
): Promise<TestService> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'accolade-test-'));
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}${options.basePath ?? ''}`;
  const config = loadConfig({
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    DATA_DIR: dataDir,
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    KEY_ENCRYPTION_SECRET: 'test-key-encryption-secret-0123456789',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '0',
    ...options.env,
  });
  const service = await createService(config, {
    signingWorkers: 0,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.fetcher === undefined ? {} : { fetcher: options.fetcher }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  server.on('request', service.app);

  return {
    baseUrl,
    service,
    dataDir,
    request(method, path, requestOptions = {}) {
      const headers: Record<string, string> = { ...requestOptions.headers };
      const token = requestOptions.token === undefined ? TEST_ADMIN_TOKEN : requestOptions.token;
      if (token !== null) headers['authorization'] = `Bearer ${token}`;
      let body: string | Buffer | undefined = requestOptions.rawBody;
      if (requestOptions.body !== undefined) {
        body = JSON.stringify(requestOptions.body);
        headers['content-type'] ??= 'application/json';
      }
      return fetch(new URL(path, `${baseUrl}/`), { method, headers, ...(body === undefined ? {} : { body }) });
    },
    async close(closeOptions = {}) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await service.close();
      if (!closeOptions.keepData && options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
