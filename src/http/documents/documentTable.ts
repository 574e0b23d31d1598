import { readFile } from 'node:fs/promises';
import type { BakeFormat } from '../../app/awards/awardDocuments.js';
import type { PublicDocuments } from '../../app/documents/publicDocuments.js';
import type { UrlLayout } from '../../badges/urls.js';
import { projectPath } from '../../paths.js';
import { type AcceptsFn, MEDIA, ob2MediaType } from '../negotiate.js';

export interface DocumentRequest {
  /** The route's `:name` captures, decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly accepts: AcceptsFn;
}

export interface DocumentResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string | Buffer;
  readonly cacheControl?: string;
  readonly filename?: string;
}

export interface DocumentRoute {
  readonly name: string;
  /** The path-to-regexp route, relative to PUBLIC_URL's path, e.g. `/ob2/assertions/:id`. */
  readonly path: string;
  serve(request: DocumentRequest): Promise<DocumentResponse>;
}

/** Where a published URL is served, relative to the mount point (PUBLIC_URL's path). */
export function routePath(urls: UrlLayout, url: string): string {
  return decodeURIComponent(new URL(url).pathname).slice(urls.mount.length);
}

const publicFor = (seconds: number) => `public, max-age=${seconds}`;
/**
 * Signed documents and baked images never change once issued (revocation is published in the
 * lists, never by re-signing), so caches may keep them a day.
 */
const SIGNED = publicFor(86_400);

const json = (contentType: string, body: unknown, extra: Partial<DocumentResponse> = {}): DocumentResponse => ({
  status: 200,
  contentType,
  body: JSON.stringify(body),
  ...extra,
});

/**
 * Every public document as one table of routes, with the content types of the formats: OB 2.0
 * as JSON-LD, JWS and VC-JWT as text/plain, the Data Integrity credential as
 * application/vc+ld+json, keys as JWK/JWKS, the DID document as application/did+json. Express
 * serves the table (documentRoutes.ts); the verifier reads the same table in-process for our
 * own badges (inProcessFetcher.ts), so verifying one of ours costs no HTTP round-trip and gives
 * exactly the report a stranger would get. The paths come from the URL layout, so what is
 * served is what the documents name.
 */
export function publicDocumentTable(urls: UrlLayout, documents: PublicDocuments): DocumentRoute[] {
  const path = (url: string) => routePath(urls, url);
  const id = (request: DocumentRequest) => request.params['id'] ?? '';
  const bakeFormat = (request: DocumentRequest): BakeFormat => (request.query['format'] === 'ob3' ? 'ob3' : 'ob2');

  /** A compact JWS of an award (OB 2.0 signed assertion, OB 3.0 VC-JWT), served as text/plain. */
  const compactJws = (name: string, url: string, sign: (awardId: string) => Promise<string>): DocumentRoute => ({
    name,
    path: path(url),
    serve: async (request) => ({
      status: 200,
      contentType: MEDIA.text,
      body: await sign(id(request)),
      cacheControl: SIGNED,
    }),
  });

  /** A baked image of an award: OB 2.0 by default, `?format=ob3` for the OB 3.0 bake. */
  const bakedImage = (
    extension: 'png' | 'svg',
    url: string,
    contentType: string,
    bake: (awardId: string, format: BakeFormat) => Promise<{ awardId: string; body: string | Buffer }>,
  ): DocumentRoute => ({
    name: extension,
    path: path(url),
    serve: async (request) => {
      const format = bakeFormat(request);
      const image = await bake(id(request), format);
      return {
        status: 200,
        contentType,
        body: image.body,
        cacheControl: SIGNED,
        filename: `badge-${image.awardId}${format === 'ob3' ? '-ob3' : ''}.${extension}`,
      };
    },
  });

  let issuerImage: Promise<Buffer> | undefined;

  return [
    {
      name: 'ob2Issuer',
      path: path(urls.ob2Issuer),
      serve: async (request) =>
        json(ob2MediaType(request.accepts), await documents.ob2Issuer(), { cacheControl: publicFor(300) }),
    },
    {
      name: 'ob2Key',
      path: path(urls.ob2Key(':id')),
      serve: async (request) =>
        json(ob2MediaType(request.accepts), await documents.ob2Key(id(request)), { cacheControl: publicFor(3600) }),
    },
    {
      name: 'jwk',
      path: path(urls.jwk(':id')),
      serve: async (request) => json(MEDIA.jwk, await documents.jwk(id(request)), { cacheControl: publicFor(3600) }),
    },
    {
      name: 'jwks',
      path: path(urls.jwks),
      serve: async () => json(MEDIA.jwks, await documents.jwks(), { cacheControl: publicFor(300) }),
    },
    {
      name: 'didDocument',
      path: path(urls.didDocument),
      serve: async () => json(MEDIA.didJson, await documents.didDocument(), { cacheControl: publicFor(300) }),
    },
    {
      name: 'ob2RevocationList',
      path: path(urls.ob2RevocationList),
      serve: async (request) =>
        json(ob2MediaType(request.accepts), await documents.ob2RevocationList(), { cacheControl: 'no-cache' }),
    },
    {
      name: 'ob3RevocationList',
      path: path(urls.ob3RevocationList),
      serve: async () => json(MEDIA.json, await documents.ob3RevocationList(), { cacheControl: 'no-cache' }),
    },
    {
      name: 'badgeClass',
      path: path(urls.badgeClass(':id')),
      serve: async (request) => {
        const lang = request.query['lang'] === 'fr' ? 'fr' : 'en';
        const badgeClass = await documents.badgeClass(id(request), lang);
        return json(ob2MediaType(request.accepts), badgeClass, { cacheControl: publicFor(300) });
      },
    },
    {
      name: 'assertion',
      path: path(urls.assertion(':id')),
      serve: async (request) => {
        const assertion = await documents.assertion(id(request));
        // Once revoked, 410 Gone with the reason (OB 2.0 hosted verification).
        return assertion.revoked
          ? json(ob2MediaType(request.accepts), assertion.body, { status: 410 })
          : json(ob2MediaType(request.accepts), assertion.body, { cacheControl: 'no-cache' });
      },
    },
    compactJws('signedAssertion', urls.signedAssertion(':id'), (awardId) => documents.signedAssertion(awardId)),
    {
      name: 'credential',
      path: path(urls.credential(':id')),
      serve: async (request) => json(MEDIA.vcLdJson, await documents.credential(id(request)), { cacheControl: SIGNED }),
    },
    compactJws('credentialJwt', urls.credentialJwt(':id'), (awardId) => documents.credentialJwt(awardId)),
    bakedImage('png', urls.png(':id'), MEDIA.png, (awardId, format) => documents.png(awardId, format)),
    bakedImage('svg', urls.svg(':id'), MEDIA.svg, (awardId, format) => documents.svg(awardId, format)),
    {
      name: 'achievementImage',
      path: path(urls.achievementImage(':id', ':lang')),
      serve: async (request) => ({
        status: 200,
        contentType: MEDIA.png,
        body: await documents.achievementImage(id(request), request.params['lang'] ?? ''),
        cacheControl: publicFor(3600),
      }),
    },
    {
      name: 'issuerImage',
      path: path(urls.issuerImage),
      serve: async () => {
        issuerImage ??= readFile(projectPath('assets', 'images', 'issuer.png'));
        return { status: 200, contentType: MEDIA.png, body: await issuerImage, cacheControl: publicFor(86_400) };
      },
    },
  ];
}
