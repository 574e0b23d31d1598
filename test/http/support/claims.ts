import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { simpleParser } from 'mailparser';
import { outboxFileName } from '../../../src/adapters/mail-outbox/outboxMailer.js';
import { awardMailKey } from '../../../src/app/mail/awardNotifications.js';
import { messageIdOf } from '../../../src/app/mail/mailQueue.js';
import { isSettled, waitForMail } from '../../support/mailWait.js';
import { csrfIn, formActions, linkIn, pageClient } from '../../support/pageClient.js';
import type { TestService } from '../../support/testService.js';

/**
 * Accepts an award as its recipient does: the claim link of its email (in the outbox), then the
 * Accept form. Returns the signed-in visitor. A badge is public only once accepted.
 */
export async function acceptThroughEmail(service: TestService, awardId: string) {
  await waitForMail(service.service.mail, awardMailKey(awardId), isSettled);
  const host = new URL(service.baseUrl).hostname;
  const file = join(service.dataDir, 'outbox', outboxFileName(messageIdOf(awardMailKey(awardId), host)));
  const message = await simpleParser(await readFile(file));
  const visitor = pageClient(service.baseUrl);
  const claim = await visitor.get(linkIn(message, 'claim'));
  const accepted = await visitor.post(formActions(claim.text)[0]!, { csrf: csrfIn(claim.text) });
  expect(accepted.status, accepted.text).to.equal(303);
  return visitor;
}
