import { Worker } from 'node:worker_threads';
import { expect } from 'chai';
import { buildDidDocument } from '../../../../src/badges/keys/didDocument.js';
import { buildOpenBadgeCredential } from '../../../../src/badges/ob3/credential.js';
import { dataIntegrityKey } from '../../../../src/badges/ob3/dataIntegrity/key.js';
import { signDataIntegrity } from '../../../../src/badges/ob3/dataIntegrity/signCredential.js';
import { createDataIntegritySigner } from '../../../../src/badges/ob3/dataIntegrity/signer.js';
import { contextDocuments, localDocumentLoader } from '../../../support/standards.js';
import { keySetFixture } from '../keys/keySetFixtures.js';
import { bareExamAward, certificationAward, publicSiteUrls } from './awardFixtures.js';
import { verifyWithDigitalBazaar } from './dataIntegrityVerifier.js';
import { rejectionOf } from './rejection.js';

describe('the Data Integrity signer', () => {
  const urls = publicSiteUrls();

  it('signs in the calling thread when given no workers', async () => {
    const keySet = await keySetFixture();
    const credential = buildOpenBadgeCredential(certificationAward(), urls);
    const signer = createDataIntegritySigner({ workers: 0, contexts: contextDocuments });
    const signed = await signer.sign(credential, dataIntegrityKey(keySet, urls));
    await signer.close();
    expect(signed).to.deep.equal(
      await signDataIntegrity(credential, dataIntegrityKey(keySet, urls), localDocumentLoader),
    );
  });

  it('signs in worker threads exactly as in the calling thread, many requests at once', async () => {
    const keySet = await keySetFixture();
    const key = dataIntegrityKey(keySet, urls);
    const credentials = [certificationAward(), bareExamAward()].map((award) => buildOpenBadgeCredential(award, urls));
    const signer = createDataIntegritySigner({ workers: 2, contexts: contextDocuments });
    try {
      const requests = Array.from({ length: 12 }, (_, index) => credentials[index % 2]!);
      const signed = await Promise.all(requests.map((credential) => signer.sign(credential, key)));
      const expected = await Promise.all(
        credentials.map((credential) => signDataIntegrity(credential, key, localDocumentLoader)),
      );
      expect(signed).to.deep.equal(requests.map((_, index) => expected[index % 2]));
      const verified = await verifyWithDigitalBazaar(
        signed[0]!,
        [buildDidDocument([keySet], urls)],
        '2025-06-01T00:00:00Z',
      );
      expect(verified).to.deep.equal({ verified: true });
    } finally {
      await signer.close();
    }
  });

  it('reports a request it cannot sign as an internal error and keeps serving the others', async () => {
    const keySet = await keySetFixture();
    const key = dataIntegrityKey(keySet, urls);
    const signer = createDataIntegritySigner({ workers: 1, contexts: contextDocuments });
    try {
      const undefinedTerm = { ...buildOpenBadgeCredential(certificationAward(), urls), notATerm: true };
      const error = await rejectionOf(signer.sign(undefinedTerm, key));
      expect(error).to.have.property('code', 'internal_error');
      const signed = await signer.sign(buildOpenBadgeCredential(certificationAward(), urls), key);
      expect(signed.proof).to.have.length(1);
    } finally {
      await signer.close();
    }
  });

  it('refuses to sign once closed', async () => {
    const signer = createDataIntegritySigner({ workers: 1, contexts: contextDocuments });
    await signer.close();
    const error = await rejectionOf(
      signer.sign(buildOpenBadgeCredential(certificationAward(), urls), dataIntegrityKey(await keySetFixture(), urls)),
    );
    expect(error).to.have.property('code', 'internal_error');
  });

  /**
   * Counts the messages the signer posts to its threads (and keeps the last thread posted to), by
   * wrapping `Worker.prototype.postMessage` until `restore` is called.
   */
  function countPostedMessages() {
    const original = Worker.prototype.postMessage;
    const counted = { messages: 0, lastWorker: undefined as Worker | undefined, restore: () => {} };
    Worker.prototype.postMessage = function (this: Worker, ...args: Parameters<Worker['postMessage']>) {
      counted.messages += 1;
      counted.lastWorker = this;
      return original.apply(this, args);
    };
    counted.restore = () => {
      Worker.prototype.postMessage = original;
    };
    return counted;
  }

  it('posts a lone request at once and the requests made while every thread works several to a message', async () => {
    const keySet = await keySetFixture();
    const key = dataIntegrityKey(keySet, urls);
    const credentials = [certificationAward(), bareExamAward()].map((award) => buildOpenBadgeCredential(award, urls));
    const expected = await Promise.all(
      credentials.map((credential) => signDataIntegrity(credential, key, localDocumentLoader)),
    );
    const signer = createDataIntegritySigner({ workers: 1, contexts: contextDocuments });
    const posted = countPostedMessages();
    try {
      const lone = signer.sign(credentials[0]!, key);
      expect(posted.messages, 'a lone request goes out before sign() returns').to.equal(1);
      expect(await lone).to.deep.equal(expected[0]);

      // Nine at once: the first finds the thread idle and goes alone; of the eight made while it
      // works, four go out together once this turn's code has run (two messages per thread at
      // most), and the last four together when the thread answers the first.
      const requests = Array.from({ length: 9 }, (_, index) => credentials[index % 2]!);
      const signing = requests.map((credential) => signer.sign(credential, key));
      expect(posted.messages).to.equal(2);
      await Promise.resolve();
      expect(posted.messages).to.equal(3);
      expect(await Promise.all(signing)).to.deep.equal(requests.map((_, index) => expected[index % 2]));
      expect(posted.messages).to.equal(4);
    } finally {
      posted.restore();
      await signer.close();
    }
  });

  it('shares the waiting requests among the threads and fails a request it cannot sign alone', async () => {
    const keySet = await keySetFixture();
    const key = dataIntegrityKey(keySet, urls);
    const credential = buildOpenBadgeCredential(certificationAward(), urls);
    const undefinedTerm = { ...credential, notATerm: true };
    const signer = createDataIntegritySigner({ workers: 2, contexts: contextDocuments });
    const posted = countPostedMessages();
    try {
      // Two go out alone to the two idle threads, then four more to each; the last ten go out four
      // at a time as the threads answer.
      const requests = Array.from({ length: 20 }, (_, index) => (index === 5 ? undefinedTerm : credential));
      const outcomes = Promise.allSettled(requests.map((request) => signer.sign(request, key)));
      await Promise.resolve();
      expect(posted.messages).to.equal(4);
      const settled = await outcomes;
      expect(settled.map((outcome) => outcome.status)).to.deep.equal(
        requests.map((request) => (request === undefinedTerm ? 'rejected' : 'fulfilled')),
      );
      expect((settled[5] as PromiseRejectedResult).reason).to.have.property('code', 'internal_error');
      expect(posted.messages).to.equal(7);
    } finally {
      posted.restore();
      await signer.close();
    }
  });

  it('fails only the requests of a thread that dies, and signs the next on a new thread', async () => {
    const keySet = await keySetFixture();
    const key = dataIntegrityKey(keySet, urls);
    const credential = buildOpenBadgeCredential(certificationAward(), urls);
    const signer = createDataIntegritySigner({ workers: 1, contexts: contextDocuments });
    const posted = countPostedMessages();
    try {
      const lost = [signer.sign(credential, key), signer.sign(credential, key)];
      await Promise.resolve();
      const dying = posted.lastWorker!;
      await dying.terminate();
      for (const request of lost) expect(await rejectionOf(request)).to.have.property('code', 'internal_error');
      const signed = await signer.sign(credential, key);
      expect(posted.lastWorker).to.not.equal(dying);
      expect(signed).to.deep.equal(await signDataIntegrity(credential, key, localDocumentLoader));
    } finally {
      posted.restore();
      await signer.close();
    }
  });
});
