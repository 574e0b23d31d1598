import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import { strongEtag } from '../../../src/http/etag.js';

/** The etag package's algorithm, written out: what Express's `etag: 'strong'` sends. */
function packageEtag(bytes: Buffer): string {
  if (bytes.length === 0) return '"0-2jmj7l5rSw0yVb/vlWAYkK/YBwk"';
  const sha1 = createHash('sha1').update(bytes).digest('base64').substring(0, 27);
  return `"${bytes.length.toString(16)}-${sha1}"`;
}

describe('the strong ETag', () => {
  it('is the etag package tag of the bytes sent, for text in any encoding and for buffers', () => {
    const bodies: [string | Buffer, BufferEncoding | undefined][] = [
      ['', 'utf8'],
      ['{"ok":true}', 'utf8'],
      ['{"name":"Ana López — 日本語 🎓"}', 'utf8'],
      ['{"name":"Ana López"}', undefined],
      ['caf\u00e9', 'latin1'],
      [Buffer.from([0, 1, 2, 255]), undefined],
      [Buffer.alloc(0), undefined],
    ];
    for (const [body, encoding] of bodies) {
      const bytes = typeof body === 'string' ? Buffer.from(body, encoding ?? 'utf8') : body;
      expect(strongEtag(body, encoding), String(body)).to.equal(packageEtag(bytes));
    }
  });

  it("is the tag Express's own strong setting sends", async () => {
    const body = { name: 'Ana López — 日本語', n: 1 };
    const tags: string[] = [];
    for (const setting of ['strong', strongEtag] as const) {
      const app = express();
      app.set('etag', setting);
      app.get('/', (_req, res) => {
        res.json(body);
      });
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      try {
        const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
        tags.push(response.headers.get('etag') ?? '');
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    }
    expect(tags[0]).to.match(/^"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/);
    expect(tags[1]).to.equal(tags[0]);
  });
});
