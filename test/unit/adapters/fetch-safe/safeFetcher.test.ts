import { randomBytes } from 'node:crypto';
import type { LookupAddress } from 'node:dns';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { expect } from 'chai';
import nock from 'nock';
import { guardedLookup } from '../../../../src/adapters/fetch-safe/guardedLookup.js';
import {
  createSafeFetcher,
  type ResolveHost,
  type SafeFetcherOptions,
} from '../../../../src/adapters/fetch-safe/index.js';
import { expectFetchError } from './fetchAssertions.js';
import { closedPort, type LocalServer, startLocalServer } from './localServer.js';

/** A resolver that knows only the names a test gives it, so no test ever queries real DNS. */
function fakeDns(table: Readonly<Record<string, readonly string[]>>, asked: string[] = []): ResolveHost {
  return async (hostname) => {
    asked.push(hostname);
    const addresses = table[hostname];
    if (addresses === undefined)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

function fetcherFor(overrides: Partial<SafeFetcherOptions> = {}) {
  return createSafeFetcher({ timeoutMs: 2000, maxBytes: 64 * 1024, lookup: fakeDns({}), ...overrides });
}

function json(response: ServerResponse, body: unknown): void {
  response.writeHead(200, { 'content-type': 'application/ld+json' });
  response.end(JSON.stringify(body));
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

function jumpTo(location: string, status: number): Handler {
  return (_request, response) => {
    response.writeHead(status, { location });
    response.end();
  };
}

function redirectingHandler(status = 302) {
  // /hop/N redirects to /hop/N-1 (relative Location); /hop/0 answers.
  return (request: IncomingMessage, response: ServerResponse) => {
    const hop = Number(/^\/hop\/(\d+)$/.exec(request.url ?? '')?.[1] ?? 0);
    if (hop === 0) return json(response, { arrived: true });
    response.writeHead(status, { location: `/hop/${hop - 1}` });
    response.end();
  };
}

describe('safe fetcher', () => {
  let server: LocalServer;
  let routes: Record<string, Handler>;

  before(async () => {
    server = await startLocalServer((request, response) => {
      const path = (request.url ?? '/').split('?')[0]!;
      const route = routes[path] ?? (path.startsWith('/hop/') ? routes['/hop/*'] : undefined);
      if (route) route(request, response);
      else json(response, { path, accept: request.headers.accept, userAgent: request.headers['user-agent'] });
    });
  });
  beforeEach(() => {
    routes = {};
    server.requests.length = 0;
  });
  after(() => server.close());

  const allowed = () => ({ allowedHosts: [`127.0.0.1:${server.port}`] });

  describe('hosts the operator allowed', () => {
    it('fetches over plain http and reports status, content type, headers and body', async () => {
      const response = await fetcherFor(allowed())(`${server.origin}/doc`, { accept: 'application/json' });
      expect(response.status).to.equal(200);
      expect(response.url).to.equal(`${server.origin}/doc`);
      expect(response.contentType).to.equal('application/ld+json');
      expect(response.headers['content-type']).to.equal('application/ld+json');
      expect(JSON.parse(response.body.toString())).to.include({ path: '/doc', accept: 'application/json' });
    });

    it('allows every port of a host listed without a port', async () => {
      const response = await fetcherFor({ allowedHosts: ['127.0.0.1'] })(`${server.origin}/any`);
      expect(response.status).to.equal(200);
    });

    it('sends the configured user agent', async () => {
      const response = await fetcherFor({ ...allowed(), userAgent: 'Accolade-Verifier/1' })(`${server.origin}/`);
      expect(JSON.parse(response.body.toString())).to.include({ userAgent: 'Accolade-Verifier/1' });
    });

    it('recognises the allowed address in any spelling the URL parser normalises', async () => {
      const response = await fetcherFor(allowed())(`http://2130706433:${server.port}/decimal`);
      expect(response.url).to.equal(`${server.origin}/decimal`);
    });

    it('resolves an allowed host name through the injected resolver and connects to it', async () => {
      const fetcher = fetcherFor({ allowedHosts: ['issuer.test'], lookup: fakeDns({ 'issuer.test': ['127.0.0.1'] }) });
      const response = await fetcher(`http://issuer.test:${server.port}/named`);
      expect(response.status).to.equal(200);
      expect(server.requests[0]?.headers.host).to.equal(`issuer.test:${server.port}`);
    });

    it('returns error statuses instead of throwing, so a 410 can mean revoked', async () => {
      routes['/gone'] = (_request, response) => {
        response.writeHead(410, { 'content-type': 'application/json' });
        response.end('{"revoked":true}');
      };
      const response = await fetcherFor(allowed())(`${server.origin}/gone`);
      expect(response.status).to.equal(410);
      expect(JSON.parse(response.body.toString())).to.deep.equal({ revoked: true });
    });

    it('fetches a did:web document over plain http', async () => {
      routes['/issuers/7/did.json'] = (_request, response) => json(response, { id: 'did' });
      const response = await fetcherFor(allowed())(`did:web:127.0.0.1%3A${server.port}:issuers:7#key-0`);
      expect(response.url).to.equal(`${server.origin}/issuers/7/did.json`);
      expect(JSON.parse(response.body.toString())).to.deep.equal({ id: 'did' });
    });

    it('fails with a network error when nothing listens on the port', async () => {
      const port = await closedPort();
      await expectFetchError(
        fetcherFor({ allowedHosts: ['127.0.0.1'] })(`http://127.0.0.1:${port}/`),
        'fetch_failed',
        'network',
      );
    });
  });

  describe('in other suites', () => {
    // nock is kept off between suites (test/support/rootHooks.ts): switched on only here.
    before(() => {
      if (!nock.isActive()) nock.activate();
    });
    afterEach(() => nock.cleanAll());
    after(() => nock.restore());

    it('is intercepted by nock before any resolution, so tests can play other issuers', async () => {
      const asked: string[] = [];
      nock('https://issuer.example').get('/profile').reply(200, { id: 'issuer' });
      const response = await fetcherFor({ lookup: fakeDns({}, asked) })('https://issuer.example/profile');
      expect(JSON.parse(response.body.toString())).to.deep.equal({ id: 'issuer' });
      expect(asked).to.deep.equal([]);
    });
  });

  describe('addresses', () => {
    it('refuses the same local server when it is not allowed, without connecting', async () => {
      for (const url of [`${server.origin}/`, `https://127.0.0.1:${server.port}/`]) {
        const error = await expectFetchError(fetcherFor()(url), 'fetch_blocked', 'private_address');
        expect(error.details).to.include({ address: '127.0.0.1', range: 'loopback' });
      }
      expect(server.requests).to.have.length(0);
    });

    it('refuses an allowance for another port of the same host', async () => {
      await expectFetchError(
        fetcherFor({ allowedHosts: [`127.0.0.1:${server.port + 1}`] })(`${server.origin}/`),
        'fetch_blocked',
        'private_address',
      );
    });

    const literalForms = [
      'http://2130706433/',
      'http://0x7f.1/',
      'http://0x7f000001/',
      'http://0177.0.0.1/',
      'http://127.1/',
      'http://[::ffff:127.0.0.1]/',
      'http://[::ffff:7f00:1]/',
      'http://[::127.0.0.1]/',
      'http://[::1]/',
      'http://[::]/',
      'http://0.0.0.0/',
      'http://0/',
      'https://10.0.0.1/',
      'https://169.254.169.254/latest/meta-data/',
      'http://[::ffff:169.254.169.254]/',
      'http://[fd00:ec2::254]/',
      'http://100.100.100.200/',
      'http://[64:ff9b::a00:1]/',
      'http://[fe80::1]/',
    ];
    for (const url of literalForms) {
      it(`refuses the literal address ${url}`, async () => {
        await expectFetchError(fetcherFor()(url), 'fetch_blocked', 'private_address');
      });
    }

    it('refuses a host name that resolves to a private address, without telling which address', async () => {
      const fetcher = fetcherFor({ lookup: fakeDns({ 'internal.test': ['10.0.0.5'] }) });
      const error = await expectFetchError(fetcher('https://internal.test/'), 'fetch_blocked', 'private_address');
      const told = JSON.stringify({ message: error.message, details: error.details });
      expect(told).not.to.include('10.0.0.5').and.not.to.include('private address');
      expect(error.details).to.have.all.keys('reason', 'url');
    });

    it('refuses a host name when any one of its addresses is private', async () => {
      const fetcher = fetcherFor({ lookup: fakeDns({ 'mixed.example': ['93.184.216.34', '::ffff:10.0.0.1'] }) });
      await expectFetchError(fetcher('https://mixed.example/'), 'fetch_blocked', 'private_address');
    });

    it('refuses a host name that resolves to the running local server, which never sees a request', async () => {
      const fetcher = fetcherFor({ lookup: fakeDns({ 'rebind.example': ['127.0.0.1'] }) });
      await expectFetchError(fetcher(`https://rebind.example:${server.port}/`), 'fetch_blocked', 'private_address');
      expect(server.requests).to.have.length(0);
    });

    it('reports an unknown host name as a DNS failure', async () => {
      await expectFetchError(fetcherFor()('https://nowhere.example/'), 'fetch_failed', 'dns');
    });

    it('hands the socket exactly the public addresses it checked', async () => {
      const lookup = guardedLookup(fakeDns({ 'issuer.example': ['93.184.216.34'] }), 'https://issuer.example/', true);
      const single = await new Promise<unknown[]>((resolve) =>
        lookup('issuer.example', {}, (...result) => resolve(result)),
      );
      expect(single).to.deep.equal([null, '93.184.216.34', 4]);
      const all = await new Promise<unknown[]>((resolve) =>
        lookup('issuer.example', { all: true }, (...result) => resolve(result)),
      );
      expect(all).to.deep.equal([null, [{ address: '93.184.216.34', family: 4 } satisfies LookupAddress]]);
    });
  });

  describe('schemes', () => {
    for (const url of [
      'file:///etc/passwd',
      'ftp://127.0.0.1/',
      'data:text/plain,hi',
      'gopher://127.0.0.1:70/',
      'javascript:alert(1)',
    ]) {
      it(`refuses ${url.split(':')[0]}: URLs`, async () => {
        await expectFetchError(fetcherFor(allowed())(url), 'fetch_blocked', 'scheme');
      });
    }

    it('refuses plain http to a host that is not allowed, before resolving it', async () => {
      const asked: string[] = [];
      const fetcher = fetcherFor({ lookup: fakeDns({ 'issuer.example': ['93.184.216.34'] }, asked) });
      await expectFetchError(fetcher('http://issuer.example/profile'), 'fetch_blocked', 'scheme');
      expect(asked).to.deep.equal([]);
    });

    it('refuses text that is not an absolute URL', async () => {
      await expectFetchError(fetcherFor()('/relative/path'), 'fetch_blocked', 'invalid_url');
    });

    it('fetches did:web over https for hosts that are not allowed, so a local one is refused', async () => {
      const error = await expectFetchError(
        fetcherFor()(`did:web:127.0.0.1%3A${server.port}`),
        'fetch_blocked',
        'private_address',
      );
      expect(error.details?.['url']).to.equal(`https://127.0.0.1:${server.port}/.well-known/did.json`);
    });
  });

  describe('redirects', () => {
    for (const status of [301, 302, 303, 307, 308]) {
      it(`follows a ${status} redirect with a relative Location`, async () => {
        routes['/hop/*'] = redirectingHandler(status);
        const response = await fetcherFor(allowed())(`${server.origin}/hop/1`);
        expect(response.url).to.equal(`${server.origin}/hop/0`);
        expect(JSON.parse(response.body.toString())).to.deep.equal({ arrived: true });
      });
    }

    it('follows a chain of five redirects', async () => {
      routes['/hop/*'] = redirectingHandler();
      const response = await fetcherFor(allowed())(`${server.origin}/hop/5`);
      expect(response.url).to.equal(`${server.origin}/hop/0`);
    });

    it('refuses a sixth redirect without requesting its target', async () => {
      routes['/hop/*'] = redirectingHandler();
      await expectFetchError(fetcherFor(allowed())(`${server.origin}/hop/6`), 'fetch_blocked', 'redirects');
      expect(server.requests.map((request) => request.url)).to.not.include('/hop/0');
    });

    it('honours a lower redirect limit', async () => {
      routes['/hop/*'] = redirectingHandler();
      await expectFetchError(
        fetcherFor({ ...allowed(), maxRedirects: 1 })(`${server.origin}/hop/2`),
        'fetch_blocked',
        'redirects',
      );
    });

    const forbiddenTargets = [
      `http://127.0.0.2/`,
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/',
      'http://0x7f.1/',
    ];
    for (const target of forbiddenTargets) {
      it(`refuses a redirect from an allowed host to ${target}`, async () => {
        routes['/jump'] = jumpTo(target, 302);
        const error = await expectFetchError(
          fetcherFor(allowed())(`${server.origin}/jump`),
          'fetch_blocked',
          'private_address',
        );
        expect(error.details?.['url']).to.equal(new URL(target).href);
      });
    }

    it('refuses a redirect to a host name that resolves to a private address', async () => {
      routes['/jump'] = jumpTo('https://evil.example/', 307);
      const fetcher = fetcherFor({ ...allowed(), lookup: fakeDns({ 'evil.example': ['192.168.0.1'] }) });
      await expectFetchError(fetcher(`${server.origin}/jump`), 'fetch_blocked', 'private_address');
    });

    it('refuses a redirect to plain http on a host that is not allowed', async () => {
      routes['/jump'] = jumpTo('http://issuer.example/', 301);
      await expectFetchError(fetcherFor(allowed())(`${server.origin}/jump`), 'fetch_blocked', 'scheme');
    });

    it('refuses a redirect to a file: URL', async () => {
      routes['/jump'] = jumpTo('file:///etc/passwd', 302);
      await expectFetchError(fetcherFor(allowed())(`${server.origin}/jump`), 'fetch_blocked', 'scheme');
    });
  });

  describe('timeouts', () => {
    const stalls: Array<[string, Handler]> = [
      ['gives up on a server that never answers', () => undefined],
      [
        'counts the body in the timeout when the headers come quickly and the body never ends',
        (_request, response) => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.write('{"a":');
        },
      ],
    ];
    for (const [name, handler] of stalls) {
      it(name, async () => {
        // The server never finishes: the fetch ends at all only because its timeout gives up.
        routes['/stall'] = handler;
        await expectFetchError(
          fetcherFor({ ...allowed(), timeoutMs: 200 })(`${server.origin}/stall`),
          'fetch_failed',
          'timeout',
        );
      });
    }
  });

  describe('response size', () => {
    const small = () => fetcherFor({ ...allowed(), maxBytes: 1024 });

    it('refuses a Content-Length above the cap before reading the body', async () => {
      routes['/big'] = (_request, response) => {
        response.writeHead(200, { 'content-length': String(10 * 1024 * 1024) });
        response.write(Buffer.alloc(1024));
      };
      await expectFetchError(small()(`${server.origin}/big`), 'fetch_blocked', 'too_large');
    });

    it('stops reading a body without Content-Length as soon as it passes the cap', async () => {
      let written = 0;
      routes['/endless'] = (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        const timer = setInterval(() => {
          written += 4096;
          response.write(Buffer.alloc(4096, 0x20));
        }, 1);
        response.on('close', () => clearInterval(timer));
      };
      await expectFetchError(small()(`${server.origin}/endless`), 'fetch_blocked', 'too_large');
      expect(written).to.be.below(1024 * 1024);
    });

    it('accepts a body exactly at the cap', async () => {
      routes['/exact'] = (_request, response) => {
        response.writeHead(200);
        response.end(Buffer.alloc(1024, 0x61));
      };
      const response = await small()(`${server.origin}/exact`);
      expect(response.body.length).to.equal(1024);
    });

    it('refuses a gzip bomb by its decompressed size', async () => {
      const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024));
      expect(bomb.length).to.be.below(64 * 1024);
      routes['/bomb'] = (_request, response) => {
        response.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
        response.end(bomb);
      };
      await expectFetchError(
        fetcherFor({ ...allowed(), maxBytes: 1024 * 1024 })(`${server.origin}/bomb`),
        'fetch_blocked',
        'too_large',
      );
    });

    it('caps the compressed bytes on the wire too, even when they decode to less', async () => {
      const incompressible = randomBytes(4000);
      const compressed = gzipSync(incompressible);
      expect(compressed.length).to.be.above(4010);
      routes['/wire'] = (_request, response) => {
        response.writeHead(200, { 'content-encoding': 'gzip' });
        response.end(compressed);
      };
      await expectFetchError(
        fetcherFor({ ...allowed(), maxBytes: 4010 })(`${server.origin}/wire`),
        'fetch_blocked',
        'too_large',
      );
    });

    const encoders: Array<[string, (data: Buffer) => Buffer]> = [
      ['gzip', gzipSync],
      ['deflate', deflateSync],
      ['br', brotliCompressSync],
    ];
    for (const [coding, encode] of encoders) {
      it(`decodes a ${coding} body`, async () => {
        const original = JSON.stringify({ coding, padding: 'x'.repeat(500) });
        routes['/encoded'] = (_request, response) => {
          response.writeHead(200, { 'content-encoding': coding, 'content-type': 'application/json' });
          response.end(encode(Buffer.from(original)));
        };
        const response = await small()(`${server.origin}/encoded`);
        expect(response.body.toString()).to.equal(original);
      });
    }

    it('reports a corrupt gzip body as a decoding failure', async () => {
      routes['/corrupt'] = (_request, response) => {
        response.writeHead(200, { 'content-encoding': 'gzip' });
        response.end(Buffer.from('definitely not gzip'));
      };
      await expectFetchError(small()(`${server.origin}/corrupt`), 'fetch_failed', 'decode');
    });
  });
});
