import { once } from 'node:events';
import { loadConfig } from './config.js';
import { AccoladeError } from './errors.js';
import { createHttpServer } from './http/createApp.js';
import { createLogger } from './log.js';
import { createService } from './service.js';

const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Starts the service: validated configuration, the adapters it names, the HTTP server, SIGHUP to
 * reload the rules, and a clean shutdown on SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof AccoladeError) {
      process.stderr.write(`Invalid configuration: ${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const service = await createService(config, { logger });
  if (service.initialAdminKey !== null) {
    process.stdout.write(
      [
        '',
        'An admin API key was created. It is shown only this once; store it now:',
        `  ${service.initialAdminKey}`,
        'Use it as "Authorization: Bearer <key>" on /api/v1/... (only its SHA-256 hash is kept).',
        '',
      ].join('\n'),
    );
  }
  const server = createHttpServer(service.app).listen(config.port, config.host);
  await once(server, 'listening');
  logger.info({ url: config.publicUrl, host: config.host, port: config.port }, 'Accolade is listening');

  process.on('SIGHUP', () => {
    void service.reloadRules();
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Requests in flight finish (an award and the certifications it completes are written
    // together); idle keep-alive connections close now, stragglers after a grace period.
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const grace = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    await drained;
    clearTimeout(grace);
    await service.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const message = error instanceof AccoladeError ? `${error.code}: ${error.message}` : String(error);
  process.stderr.write(`Accolade could not start: ${message}\n`);
  if (error instanceof AccoladeError && error.details !== undefined) {
    process.stderr.write(`${JSON.stringify(error.details, null, 2)}\n`);
  }
  process.exit(1);
});
