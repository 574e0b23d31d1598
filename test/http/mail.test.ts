import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { type ParsedMail, simpleParser } from 'mailparser';
import { awardMailKey } from '../../src/app/mail/awardNotifications.js';
import { retryDelayMs } from '../../src/app/mail/mailQueue.js';
import { fixedClock } from '../../src/ports/clock.js';
import { isSettled, waitForMail } from '../support/mailWait.js';
import { type SmtpSink, startSmtpSink } from '../support/smtpSink.js';
import { startTestService, type TestService } from '../support/testService.js';
import { call, issueNew } from './support/api.js';
import { azureFundamentalsPass, newRecipientEmail } from './support/awardRequests.js';

const NOW = '2024-06-01T12:00:00Z';
const CLAIM_LINK = /\/claim\/[A-Za-z0-9_-]{43}\b/;

/** mailparser gathers the RFC 2369 / RFC 8058 List-* headers under `list`. */
function listHeaders(parsed: ParsedMail): { unsubscribe: string; post: string | undefined } {
  const list = parsed.headers.get('list') as { unsubscribe?: { url: string }; 'unsubscribe-post'?: { name: string } };
  return { unsubscribe: list.unsubscribe?.url ?? '', post: list['unsubscribe-post']?.name };
}

function claimLinkIn(text: string): string {
  const match = text.match(/https?:\/\/\S+\/claim\/[A-Za-z0-9_-]{43}/);
  if (match === null) throw new Error('no claim link in the message');
  return match[0];
}

describe('award emails over SMTP', () => {
  let sink: SmtpSink;
  let service: TestService;
  const clock = fixedClock(NOW);

  before(async () => {
    sink = await startSmtpSink();
    service = await startTestService({ clock, env: { SMTP_URL: sink.url, MAIL_FROM: 'Badges <badges@example.org>' } });
  });
  after(async () => {
    await service.close();
    await sink.close();
  });

  it('sends the recipient a French email with the badge name, its image, a claim link and one-click opt-out', async () => {
    const before = sink.received.length;
    const email = newRecipientEmail('fr');
    const award = await issueNew(
      service,
      azureFundamentalsPass('2024-05-15', { email, locale: 'fr-CA', name: 'Zoé <b>Roy</b>' }),
    );
    const [mail] = (await sink.waitForCount(before + 1)).slice(before);

    expect(mail!.to).to.deep.equal([email.toLowerCase()]);
    const { parsed } = mail!;
    expect(parsed.subject).to.equal(
      "Votre badge vous attend\u00a0: Microsoft Certified\u00a0: Notions fondamentales d'Azure",
    );
    expect(parsed.from?.value).to.deep.equal([{ name: 'Badges', address: 'badges@example.org' }]);
    const html = String(parsed.html);
    expect(html).to.include(`src="${award.links.png}"`);
    expect(html).to.include('Zoé &lt;b&gt;Roy&lt;/b&gt;');
    expect(html).not.to.include('<b>Roy</b>');
    expect(parsed.text).to.match(CLAIM_LINK);
    // French typography: no line may break before "!" or ":" nor inside « ».
    expect(parsed.text).to.include(
      "Félicitations, Zoé <b>Roy</b>\u00a0! Vous avez obtenu le badge «\u00a0Microsoft Certified\u00a0: Notions fondamentales d'Azure\u00a0»",
    );
    expect(claimLinkIn(html)).to.equal(claimLinkIn(parsed.text ?? ''));
    expect(claimLinkIn(html).startsWith(`${service.baseUrl}/claim/`)).to.equal(true);
    const list = listHeaders(parsed);
    expect(list.unsubscribe).to.match(/\/unsubscribe\/[A-Za-z0-9_-]{43}$/);
    expect(list.post).to.equal('List-Unsubscribe=One-Click');
    expect(html).to.include(list.unsubscribe);
    expect(parsed.messageId).to.equal(`<${awardMailKey(award.id)}@127.0.0.1>`);
  });

  it('records the send on the award, where the admin API shows it', async () => {
    const award = await issueNew(service, azureFundamentalsPass());
    await waitForMail(service.service.mail, awardMailKey(award.id), isSettled);
    const shown = await call<{ notification: { status: string } }>(service, 'GET', `/api/v1/awards/${award.id}`);
    expect(shown.body.notification).to.deep.equal({ status: 'sent' });
  });

  it('records a permanent refusal on the award without retrying', async () => {
    sink.refuseNext(1, 550);
    const award = await issueNew(service, azureFundamentalsPass());
    const message = await waitForMail(service.service.mail, awardMailKey(award.id), isSettled);
    expect(message.status).to.equal('failed');
    expect(message.attempts).to.equal(1);
    const shown = await call<{ notification: { status: string; error?: string } }>(
      service,
      'GET',
      `/api/v1/awards/${award.id}`,
    );
    expect(shown.body.notification.status).to.equal('failed');
    expect(shown.body.notification.error).to.match(/550/);
  });

  it('retries a transient refusal when its backoff is due, and delivers it once', async () => {
    const before = sink.received.length;
    sink.refuseNext(1, 451);
    const award = await issueNew(service, azureFundamentalsPass());
    const key = awardMailKey(award.id);
    const waiting = await waitForMail(
      service.service.mail,
      key,
      (record) => record.status === 'queued' && record.attempts === 1,
    );
    expect(Date.parse(waiting.nextAttemptAt) - clock.now().getTime()).to.equal(retryDelayMs(1));

    await service.service.mail.kick();
    expect((await service.service.mail.find(key))?.status, 'not due yet').to.equal('queued');

    clock.advance(retryDelayMs(1));
    await service.service.mail.kick();
    const sent = await waitForMail(service.service.mail, key, isSettled);
    expect(sent.status).to.equal('sent');
    expect(sent.attempts).to.equal(2);
    expect(sink.received.length).to.equal(before + 1);
  });

  it('mails every award of a bulk job', async () => {
    const before = sink.received.length;
    const emails = [newRecipientEmail('bulk'), newRecipientEmail('bulk'), newRecipientEmail('bulk')];
    const job = await call<{ id: string }>(service, 'POST', '/api/v1/bulk-jobs', {
      body: emails.map((email) => azureFundamentalsPass('2024-05-15', { email })),
    });
    expect(job.status, job.text).to.equal(202);
    const mails = (await sink.waitForCount(before + 3)).slice(before);
    expect(mails.flatMap((mail) => mail.to)).to.have.members(emails.map((email) => email.toLowerCase()));
  });
});

describe('award emails without SMTP: the outbox', () => {
  let service: TestService;
  before(async () => {
    service = await startTestService({ clock: fixedClock(NOW) });
  });
  after(() => service.close());

  it('writes each message as an RFC 5322 file under DATA_DIR/outbox, in the award locale', async () => {
    const email = newRecipientEmail('outbox');
    const award = await issueNew(service, azureFundamentalsPass('2024-05-15', { email }));
    await waitForMail(service.service.mail, awardMailKey(award.id), isSettled);

    const directory = join(service.dataDir, 'outbox');
    const files = (await readdir(directory)).filter((name) => name.includes(award.id));
    expect(files).to.deep.equal([`${awardMailKey(award.id)}_127.0.0.1.eml`]);
    const raw = await readFile(join(directory, files[0]!), 'utf8');
    expect(raw).to.match(/\r\n/);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).to.equal('Your badge is waiting: Microsoft Certified: Azure Fundamentals');
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : '').to.equal(email.toLowerCase());
    expect(parsed.text).to.match(CLAIM_LINK);
    expect(listHeaders(parsed).post).to.equal('List-Unsubscribe=One-Click');
  });

  it('stops reminders through the one-click opt-out (RFC 8058), and refuses an unknown link with a page', async () => {
    const award = await issueNew(service, azureFundamentalsPass());
    await waitForMail(service.service.mail, awardMailKey(award.id), isSettled);
    const file = (await readdir(join(service.dataDir, 'outbox'))).find((name) => name.includes(award.id))!;
    const parsed = await simpleParser(await readFile(join(service.dataDir, 'outbox', file)));
    const link = listHeaders(parsed).unsubscribe;

    const confirm = await fetch(link);
    expect(confirm.status).to.equal(200);
    expect(await confirm.text()).to.include(`action="${new URL(link).pathname}"`);
    const oneClick = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).to.equal(200);
    const again = await fetch(link, { method: 'POST', body: 'List-Unsubscribe=One-Click' });
    expect(again.status).to.equal(200);

    for (const bad of ['not-a-token', 'A'.repeat(43)]) {
      const answer = await fetch(`${service.baseUrl}/unsubscribe/${bad}`, { method: 'POST' });
      expect(answer.status).to.equal(404);
      expect(await answer.text()).to.include('/sign-in');
    }
  });
});
