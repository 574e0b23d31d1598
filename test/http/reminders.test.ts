import { expect } from 'chai';
import type { ParsedMail } from 'mailparser';
import { awardMailKey } from '../../src/app/mail/awardNotifications.js';
import { retryDelayMs } from '../../src/app/mail/mailQueue.js';
import { reminderMailKey } from '../../src/app/reminders/reminderJob.js';
import { fixedClock } from '../../src/ports/clock.js';
import { isSettled, waitForMail } from '../support/mailWait.js';
import { csrfIn, formActions, linkIn, pageClient } from '../support/pageClient.js';
import { type SmtpSink, startSmtpSink } from '../support/smtpSink.js';
import { startTestService, type TestService } from '../support/testService.js';
import { call, expectError, type IssuedAward, issueNew } from './support/api.js';
import { azureFundamentalsPass, newRecipientEmail } from './support/awardRequests.js';

const NOW = '2024-06-01T12:00:00Z';
const DAY = 86_400_000;
const at = (ms: number) => new Date(Date.parse(NOW) + ms);

interface Run {
  due: number;
  sent: number;
  failed: number;
  skipped: number;
  retrying: number;
}

function listHeaders(parsed: ParsedMail): { unsubscribe: string; post: string | undefined } {
  const list = parsed.headers.get('list') as { unsubscribe?: { url: string }; 'unsubscribe-post'?: { name: string } };
  return { unsubscribe: list.unsubscribe?.url ?? '', post: list['unsubscribe-post']?.name };
}

describe('reminders of unclaimed badges', () => {
  let sink: SmtpSink;
  let service: TestService;
  const clock = fixedClock(NOW);

  beforeEach(async () => {
    clock.set(NOW);
    sink = await startSmtpSink();
    service = await startTestService({ clock, env: { SMTP_URL: sink.url } });
  });
  afterEach(async () => {
    await service.close();
    await sink.close();
  });

  async function run(): Promise<Run> {
    const answer = await call<Run>(service, 'POST', '/api/v1/reminders/run');
    expect(answer.status, answer.text).to.equal(200);
    return answer.body;
  }

  /** Issues an award and waits until its own email is over, so later counts are the reminders'. */
  async function issued(locale = 'en-GB'): Promise<IssuedAward> {
    const award = await issueNew(service, azureFundamentalsPass('2024-05-15', { email: newRecipientEmail(), locale }));
    await waitForMail(service.service.mail, awardMailKey(award.id), isSettled);
    return award;
  }

  /** The last email the sink received for this recipient. */
  function lastMailTo(email: string): ParsedMail {
    const received = sink.received.filter((mail) => mail.to.includes(email)).at(-1);
    if (received === undefined) throw new Error(`no email to ${email}`);
    return received.parsed;
  }

  /** Accepts or declines as the recipient does: the claim link of an email, then the form. */
  async function answerClaim(message: ParsedMail, answer: 'accept' | 'decline'): Promise<void> {
    const visitor = pageClient(service.baseUrl);
    const page = await visitor.get(linkIn(message, 'claim'));
    expect(page.status, page.text).to.equal(200);
    const action = formActions(page.text).find((path) => path.endsWith(`/${answer}`));
    const answered = await visitor.post(action!, { csrf: csrfIn(page.text) });
    expect(answered.status, answered.text).to.be.oneOf([200, 303]);
  }

  /** Opts out as a mail client does: RFC 8058 one-click POST to the List-Unsubscribe link. */
  async function oneClickOptOut(message: ParsedMail): Promise<void> {
    const answer = await fetch(listHeaders(message).unsubscribe, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(answer.status).to.equal(200);
  }

  async function remindersOf(id: string) {
    return (await call<{ reminders: unknown[]; reminderError?: unknown }>(service, 'GET', `/api/v1/awards/${id}`)).body;
  }

  it('reminds at P3D and not a second before, once, in French with the claim link and one-click opt-out', async () => {
    const award = await issued('fr-CA');
    const before = sink.received.length;
    clock.set(at(3 * DAY - 1000));
    expect(await run()).to.deep.equal({ due: 0, sent: 0, failed: 0, skipped: 0, retrying: 0 });

    clock.set(at(3 * DAY));
    expect(await run()).to.deep.equal({ due: 1, sent: 1, failed: 0, skipped: 0, retrying: 0 });
    expect(sink.received.length).to.equal(before + 1);
    const { parsed, to } = sink.received.at(-1)!;
    expect(to).to.deep.equal([award.recipient.email]);
    expect(parsed.subject).to.equal(
      "Rappel\u00a0: votre badge «\u00a0Microsoft Certified\u00a0: Notions fondamentales d'Azure\u00a0» vous attend",
    );
    expect(parsed.messageId).to.equal(`<${reminderMailKey(award.id, 1)}@127.0.0.1>`);
    expect(parsed.text).to.match(/\/claim\/[A-Za-z0-9_-]{43}\b/);
    const list = listHeaders(parsed);
    expect(list.unsubscribe).to.match(/\/unsubscribe\/[A-Za-z0-9_-]{43}$/);
    expect(list.post).to.equal('List-Unsubscribe=One-Click');
    expect(String(parsed.html)).to.include(list.unsubscribe);
    expect(String(parsed.html)).to.include('Ne plus recevoir de rappels');

    expect(await run(), 'the same reminder again').to.deep.equal({
      due: 0,
      sent: 0,
      failed: 0,
      skipped: 0,
      retrying: 0,
    });
    clock.set(at(10 * DAY - 1));
    expect(await run()).to.deep.equal({ due: 0, sent: 0, failed: 0, skipped: 0, retrying: 0 });
    expect(sink.received.length).to.equal(before + 1);
    expect((await remindersOf(award.id)).reminders).to.deep.equal([{ n: 1, sentAt: at(3 * DAY).toISOString() }]);
  });

  it('after downtime sends only the latest due reminder, in English, and none after the last', async () => {
    const award = await issued('en-US');
    const before = sink.received.length;
    clock.set(at(45 * DAY));
    expect(await run()).to.deep.equal({ due: 1, sent: 1, failed: 0, skipped: 0, retrying: 0 });
    expect(sink.received.length).to.equal(before + 1);
    const { parsed } = sink.received.at(-1)!;
    expect(parsed.subject).to.equal('Reminder: your badge "Microsoft Certified: Azure Fundamentals" is waiting');
    expect(parsed.messageId).to.equal(`<${reminderMailKey(award.id, 3)}@127.0.0.1>`);

    clock.set(at(90 * DAY));
    expect(await run()).to.deep.equal({ due: 1, sent: 1, failed: 0, skipped: 0, retrying: 0 });
    clock.set(at(900 * DAY));
    expect(await run()).to.deep.equal({ due: 0, sent: 0, failed: 0, skipped: 0, retrying: 0 });
    expect(sink.received.length).to.equal(before + 2);
    expect((await remindersOf(award.id)).reminders).to.deep.equal([
      { n: 3, sentAt: at(45 * DAY).toISOString() },
      { n: 4, sentAt: at(90 * DAY).toISOString() },
    ]);
  });

  it('sends nothing for a revoked badge or to a recipient who opted out with the one-click link', async () => {
    const revoked = await issued();
    const optedOut = await issued();
    await oneClickOptOut(lastMailTo(optedOut.recipient.email));
    expect(
      (await call(service, 'POST', `/api/v1/awards/${revoked.id}/revoke`, { body: { reason: 'error' } })).status,
    ).to.equal(200);
    const before = sink.received.length;

    clock.set(at(3 * DAY));
    expect(await run()).to.deep.equal({ due: 1, sent: 0, failed: 0, skipped: 1, retrying: 0 });
    expect(sink.received.length).to.equal(before);
    expect((await remindersOf(optedOut.id)).reminders).to.deep.equal([]);
  });

  it('stops at once when the recipient accepts, declines or opts out through the reminder itself', async () => {
    const accepted = await issued();
    const declined = await issued();
    const optedOut = await issued();
    clock.set(at(3 * DAY));
    expect(await run()).to.deep.equal({ due: 3, sent: 3, failed: 0, skipped: 0, retrying: 0 });
    await answerClaim(lastMailTo(accepted.recipient.email), 'accept');
    await answerClaim(lastMailTo(declined.recipient.email), 'decline');
    await oneClickOptOut(lastMailTo(optedOut.recipient.email));
    const before = sink.received.length;

    clock.set(at(10 * DAY));
    expect(await run(), 'only the opted-out badge is still pending').to.deep.equal({
      due: 1,
      sent: 0,
      failed: 0,
      skipped: 1,
      retrying: 0,
    });
    expect(sink.received.length).to.equal(before);
    for (const [award, status] of [
      [accepted, 'accepted'],
      [declined, 'declined'],
      [optedOut, 'pending'],
    ] as const) {
      const shown = await call<{ status: string; reminders: unknown[] }>(service, 'GET', `/api/v1/awards/${award.id}`);
      expect(shown.body.status).to.equal(status);
      expect(shown.body.reminders).to.have.length(1);
    }
  });

  it('stops a reminder waiting for its retry when the badge is accepted, declined or revoked, or the recipient opts out, meanwhile', async () => {
    const accepted = await issued();
    const declined = await issued();
    const revoked = await issued();
    const optedOut = await issued();
    const before = sink.received.length;
    sink.refuseNext(4, 451);
    clock.set(at(3 * DAY));
    expect(await run()).to.deep.equal({ due: 4, sent: 0, failed: 0, skipped: 0, retrying: 4 });

    await answerClaim(lastMailTo(accepted.recipient.email), 'accept');
    await answerClaim(lastMailTo(declined.recipient.email), 'decline');
    expect(
      (await call(service, 'POST', `/api/v1/awards/${revoked.id}/revoke`, { body: { reason: 'error' } })).status,
    ).to.equal(200);
    await oneClickOptOut(lastMailTo(optedOut.recipient.email));

    clock.advance(retryDelayMs(1));
    await service.service.mail.kick();
    for (const award of [accepted, declined, revoked, optedOut]) {
      const message = await waitForMail(service.service.mail, reminderMailKey(award.id, 1), isSettled);
      expect(message.status).to.equal('cancelled');
    }
    expect(sink.received.length).to.equal(before);
  });

  it('retries a transient refusal through the mail queue and records a permanent one on the award', async () => {
    const retried = await issued();
    sink.refuseNext(1, 451);
    clock.set(at(3 * DAY));
    // Waiting for its retry: not failed (nothing on the award), not sent.
    expect(await run()).to.deep.equal({ due: 1, sent: 0, failed: 0, skipped: 0, retrying: 1 });
    expect(await remindersOf(retried.id)).not.to.have.property('reminderError');
    clock.advance(retryDelayMs(1));
    await service.service.mail.kick();
    expect((await waitForMail(service.service.mail, reminderMailKey(retried.id, 1), isSettled)).status).to.equal(
      'sent',
    );
    expect((await remindersOf(retried.id)).reminders).to.have.length(1);

    clock.set(NOW);
    const refused = await issued();
    sink.refuseNext(1, 550);
    clock.set(at(3 * DAY));
    expect(await run()).to.deep.equal({ due: 1, sent: 0, failed: 1, skipped: 0, retrying: 0 });
    const shown = await remindersOf(refused.id);
    expect(shown.reminders).to.deep.equal([]);
    expect(shown.reminderError).to.have.property('n', 1);
    expect(String((shown.reminderError as { error: string }).error)).to.match(/550/);
    expect(await run(), 'not tried again by the job').to.deep.equal({
      due: 0,
      sent: 0,
      failed: 0,
      skipped: 0,
      retrying: 0,
    });
  });

  it('answers 409 while a run holds the lease, and only admins may run the job', async () => {
    await issued();
    clock.set(at(3 * DAY));
    const hold = sink.holdNext();
    const first = run();
    await hold.held;
    expectError(await call(service, 'POST', '/api/v1/reminders/run'), 409, 'conflict');
    hold.release();
    expect(await first).to.deep.equal({ due: 1, sent: 1, failed: 0, skipped: 0, retrying: 0 });
    expectError(await call(service, 'POST', '/api/v1/reminders/run', { token: null }), 401, 'unauthorized');
  });
});

describe('the reminder job on REMINDER_CRON', () => {
  it('runs on a six-field expression (every second) and sends the reminder due', async () => {
    const clock = fixedClock(NOW);
    const sink = await startSmtpSink();
    const service = await startTestService({
      clock,
      env: { SMTP_URL: sink.url, REMINDER_CRON: '* * * * * *', REMINDER_SCHEDULE: 'PT2S' },
    });
    try {
      const award = await issueNew(service, azureFundamentalsPass());
      await waitForMail(service.service.mail, awardMailKey(award.id), isSettled);
      clock.advance(2000);
      const [, reminder] = await sink.waitForCount(2);
      expect(reminder!.parsed.messageId).to.equal(`<${reminderMailKey(award.id, 1)}@127.0.0.1>`);
    } finally {
      await service.close();
      await sink.close();
    }
  });
});
