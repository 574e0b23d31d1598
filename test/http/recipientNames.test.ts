import { expect } from 'chai';
import { startTestService, type TestService } from '../support/testService.js';
import { call, expectError, fetchPublic, issueNew, listAll, postAward, problemPaths } from './support/api.js';
import { azureFundamentalsPass, newRecipientEmail } from './support/awardRequests.js';
import { acceptThroughEmail } from './support/claims.js';

describe('recipient names', () => {
  let service: TestService;
  before(async () => {
    service = await startTestService();
  });
  after(() => service.close());

  const refused: ReadonlyArray<[string, string]> = [
    ['a NUL byte', 'Ana\u0000López'],
    ['a bell and an escape', 'Ana\u0007\u001b[31mLópez'],
    ['a C1 control (NEL)', 'Ana\u0085López'],
    ['DEL', 'Ana\u007fLópez'],
    ['a line break', 'Ana\nLópez'],
    ['a lone high surrogate', 'Ana \ud800'],
    ['a lone low surrogate', '\udc00Ana'],
    ['only zero-width characters', '\u200b\u200c\u200d\u2060'],
    ['only a right-to-left override', '\u202e'],
    ['only no-break spaces and a Hangul filler', '\u00a0\u3164\u00a0'],
    ['only a combining mark and a Braille blank', '\u0301\u2800'],
  ];
  for (const [label, name] of refused) {
    it(`refuses a name with ${label} as validation_failed on /recipient/name, writing nothing`, async () => {
      const email = newRecipientEmail('names');
      const answer = await postAward(service, azureFundamentalsPass('2024-05-15', { name, email }));

      expectError(answer, 400, 'validation_failed');
      expect(problemPaths(answer)).to.deep.equal(['/recipient/name']);
      expect(await listAll(service, { recipient: email.toLowerCase() })).to.deep.equal([]);
    });
  }

  it('refuses the same names in a name change request, which would go on every later badge', async () => {
    const award = await issueNew(service, azureFundamentalsPass('2024-05-15'));
    const found = await call<{ items: Array<{ id: string }> }>(
      service,
      'GET',
      `/api/v1/profiles?email=${encodeURIComponent(award.recipient.email)}`,
    );
    const profileId = found.body.items[0]?.id;
    expect(profileId).to.be.a('string');

    for (const [, name] of refused) {
      const answer = await call(service, 'POST', `/api/v1/profiles/${profileId}/name-changes`, { body: { name } });
      expectError(answer, 400, 'validation_failed');
    }
    const pending = await call<{ items: unknown[] }>(service, 'GET', '/api/v1/name-changes?status=pending');
    expect(pending.body.items).to.deep.equal([]);
  });

  it('takes names in any script, with direction marks, and shows each inside <bdi> on the badge page', async () => {
    for (const name of ['José Ñúñez', 'محمد علي', '李小龍', 'Zoë\u200dO’Brien']) {
      const award = await issueNew(service, azureFundamentalsPass('2024-05-15', { name }));
      expect(award.recipient.name).to.equal(name);
    }
    const override = await issueNew(service, azureFundamentalsPass('2024-05-15', { name: 'Ana \u202eLópez' }));
    await acceptThroughEmail(service, override.id);
    const page = await fetchPublic(override.links.page, { accept: 'text/html' });

    // The override stays inside the name's isolate: it cannot reorder the rest of the page.
    expect(page.text).to.include('<dd class="recipient"><bdi>Ana \u202eLópez</bdi></dd>');
  });
});
