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
import { call, issueNew } from './api.js';
import { newRecipientEmail, passOf } from './awardRequests.js';

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

/**
 * A candidate signed in by the claim link of an accepted AZ-104 badge, with a pending AZ-900
 * one too, and their profile id as staff see it.
 */
export async function signedInCandidate(service: TestService, name: string, label = 'candidate') {
  const email = newRecipientEmail(label);
  const accepted = await issueNew(service, passOf('AZ-104', '2025-01-10', { email, name }));
  const visitor = await acceptThroughEmail(service, accepted.id);
  const pending = await issueNew(service, passOf('AZ-900', '2024-05-15', { email, name, locale: 'fr' }));
  const found = await call<{ items: { id: string }[] }>(
    service,
    'GET',
    `/api/v1/profiles?email=${encodeURIComponent(email)}`,
  );
  return { visitor, email: email.toLowerCase(), accepted, pending, profileId: found.body.items[0]!.id };
}
