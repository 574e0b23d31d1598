import { expect } from 'chai';
import type { Logger } from '../../src/ports/logger.js';
import { startTestService } from '../support/testService.js';

/** A logger that keeps the warnings it is given. */
function warningsKept(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const ignore = () => undefined;
  const logger: Logger = {
    info: ignore,
    debug: ignore,
    error: ignore,
    warn: (first: object | string, message?: string) => {
      warnings.push(typeof first === 'string' ? first : (message ?? ''));
    },
  };
  return { logger, warnings };
}

describe('warnings at start-up', () => {
  it('warns that a plain-http PUBLIC_URL on another host leaves Data Integrity proofs unverifiable', async () => {
    const { logger, warnings } = warningsKept();
    const service = await startTestService({ logger, env: { PUBLIC_URL: 'http://badges.example.org' } });
    await service.close();
    expect(warnings.filter((warning) => warning.startsWith('PUBLIC_URL'))).to.have.length(1);
    expect(warnings.find((warning) => warning.startsWith('PUBLIC_URL'))).to.include('did:web');
  });

  it('does not warn about the PUBLIC_URL of a service on this machine', async () => {
    const { logger, warnings } = warningsKept();
    const service = await startTestService({ logger });
    await service.close();
    expect(warnings.filter((warning) => warning.startsWith('PUBLIC_URL'))).to.deep.equal([]);
  });
});
