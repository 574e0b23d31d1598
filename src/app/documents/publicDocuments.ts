import { readFile } from 'node:fs/promises';
import type { IssuerProfileInput } from '../../badges/documentInput.js';
import { buildDidDocument } from '../../badges/keys/didDocument.js';
import { buildJwks } from '../../badges/keys/jwks.js';
import type { KeySetMaterial } from '../../badges/keys/keySetMaterial.js';
import { buildOb2CryptographicKey } from '../../badges/keys/ob2CryptographicKey.js';
import { rsaPublicJwk } from '../../badges/keys/publicKeys.js';
import { buildBadgeClass } from '../../badges/ob2/badgeClass.js';
import { buildOb2IssuerProfile } from '../../badges/ob2/issuerProfile.js';
import {
  buildOb2RevocationList,
  buildRevokedAssertionBody,
  type RevokedAward,
} from '../../badges/ob2/revocationList.js';
import { buildOb3RevocationList } from '../../badges/ob3/revocationList.js';
import type { UrlLayout } from '../../badges/urls.js';
import { AccoladeError } from '../../errors.js';
import { projectPath } from '../../paths.js';
import type { BadgeImages } from '../../ports/badgeImages.js';
import { achievementInputOf, imageRequestOf } from '../awards/achievementSnapshot.js';
import type { AwardDocuments, BakeFormat } from '../awards/awardDocuments.js';
import type { AchievementSnapshot, AwardRecord } from '../awards/awardRecord.js';
import type { KeyRing } from '../keys/keyRing.js';

/** Media types of the published documents (issue: "Content types"). */
export const MEDIA = {
  ldJson: 'application/ld+json',
  json: 'application/json',
  vcLdJson: 'application/vc+ld+json',
  jwk: 'application/jwk+json',
  jwks: 'application/jwk-set+json',
  didJson: 'application/did+json',
  text: 'text/plain; charset=utf-8',
  png: 'image/png',
  svg: 'image/svg+xml',
  html: 'text/html; charset=utf-8',
} as const;

export interface PublicDocument {
  readonly status: number;
  readonly contentType: string;
  readonly body: string | Buffer;
  readonly cacheControl?: string;
  readonly filename?: string;
}

export interface DocumentRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly accept: string;
  readonly query: Readonly<Record<string, string | undefined>>;
}

export interface PublicDocumentRoute {
  /** A URL of the layout with `:name` placeholders, e.g. `urls.assertion(':id')`. */
  readonly pattern: string;
  readonly name: string;
  serve(request: DocumentRequest): Promise<PublicDocument>;
}

export interface PublicDocumentDeps {
  readonly urls: UrlLayout;
  readonly issuer: IssuerProfileInput;
  readonly keyRing: KeyRing<KeySetMaterial>;
  readonly documents: AwardDocuments;
  readonly images: BadgeImages;
  readonly findAward: (id: string) => Promise<AwardRecord | null>;
  readonly revokedAwards: () => Promise<readonly RevokedAward[]>;
  /**
   * An achievement's content by id: from the catalog whatever its badge status, else from an
   * award that snapshotted it, so a catalog edit never breaks badges already issued.
   */
  readonly achievementContent: (id: string) => Promise<{ id: string; snapshot: AchievementSnapshot } | undefined>;
}

/**
 * OB 2.0 hosted documents: `application/ld+json` by default, `application/json` when that is the
 * only JSON type the client accepts (open-badges.md A3).
 */
export function ob2MediaType(accept: string): string {
  if (/application\/json/.test(accept) && !/application\/ld\+json/.test(accept) && !/\*\/\*/.test(accept)) {
    return MEDIA.json;
  }
  return MEDIA.ldJson;
}

const json = (contentType: string, body: unknown, extra: Partial<PublicDocument> = {}): PublicDocument => ({
  status: 200,
  contentType,
  body: JSON.stringify(body),
  ...extra,
});

/**
 * Every public document of the issuer and of each award, as one table of URL patterns. The HTTP
 * layer serves the table; the verifier reads the same table in-process for our own badges, so
 * verifying one of ours costs no HTTP round-trip and gives exactly the report a stranger would get.
 * Awards are served whatever their status: privacy hides them from listings, never from whoever
 * holds the URL.
 */
export function publicDocumentRoutes(deps: PublicDocumentDeps): PublicDocumentRoute[] {
  const { urls } = deps;
  const publicFor = (seconds: number) => `public, max-age=${seconds}`;
  /**
   * Signed documents and baked images never change once issued (revocation is published in the
   * lists, never by re-signing), so caches may keep them a day.
   */
  const signed = publicFor(86_400);

  async function award(params: Readonly<Record<string, string>>): Promise<AwardRecord> {
    const found = await deps.findAward(params['id'] ?? '');
    if (found === null) throw new AccoladeError('not_found', `No badge ${params['id']}`);
    return found;
  }

  async function keySet(params: Readonly<Record<string, string>>) {
    const found = await deps.keyRing.get(params['id'] ?? '');
    if (found === undefined) throw new AccoladeError('not_found', `No key ${params['id']}`);
    return found.material;
  }

  const materials = async () => (await deps.keyRing.all()).map((set) => set.material);

  async function hostedAssertion(request: DocumentRequest): Promise<PublicDocument> {
    const found = await award(request.params);
    if (found.status === 'revoked') {
      const body = buildRevokedAssertionBody(
        { awardId: found._id, ...(found.revocationReason === undefined ? {} : { reason: found.revocationReason }) },
        urls,
      );
      return json(ob2MediaType(request.accept), body, { status: 410 });
    }
    return json(ob2MediaType(request.accept), deps.documents.hostedAssertion(found), { cacheControl: 'no-cache' });
  }

  /** A compact JWS of an award (OB 2.0 signed assertion, OB 3.0 VC-JWT), served as text/plain. */
  function compactJws(
    name: string,
    pattern: string,
    sign: (found: AwardRecord) => Promise<string>,
  ): PublicDocumentRoute {
    return {
      name,
      pattern,
      serve: async (request) => ({
        status: 200,
        contentType: MEDIA.text,
        body: await sign(await award(request.params)),
        cacheControl: signed,
      }),
    };
  }

  /** A baked image of an award: OB 2.0 by default, `?format=ob3` for the OB 3.0 bake. */
  function bakedImage(
    extension: 'png' | 'svg',
    pattern: string,
    contentType: string,
    bake: (found: AwardRecord, format: BakeFormat) => Promise<string | Buffer>,
  ): PublicDocumentRoute {
    return {
      name: extension,
      pattern,
      serve: async (request) => {
        const found = await award(request.params);
        const format: BakeFormat = request.query['format'] === 'ob3' ? 'ob3' : 'ob2';
        return {
          status: 200,
          contentType,
          body: await bake(found, format),
          cacheControl: signed,
          filename: `badge-${found._id}${format === 'ob3' ? '-ob3' : ''}.${extension}`,
        };
      },
    };
  }

  return [
    {
      name: 'ob2Issuer',
      pattern: urls.ob2Issuer,
      serve: async (request) =>
        json(
          ob2MediaType(request.accept),
          buildOb2IssuerProfile(
            deps.issuer,
            (await deps.keyRing.all()).map((set) => set.id),
            urls,
          ),
          { cacheControl: publicFor(300) },
        ),
    },
    {
      name: 'ob2Key',
      pattern: urls.ob2Key(':id'),
      serve: async (request) =>
        json(ob2MediaType(request.accept), buildOb2CryptographicKey(await keySet(request.params), urls), {
          cacheControl: publicFor(3600),
        }),
    },
    {
      name: 'jwk',
      pattern: urls.jwk(':id'),
      serve: async (request) =>
        json(MEDIA.jwk, rsaPublicJwk(await keySet(request.params), urls), { cacheControl: publicFor(3600) }),
    },
    {
      name: 'jwks',
      pattern: urls.jwks,
      serve: async () => json(MEDIA.jwks, buildJwks(await materials(), urls), { cacheControl: publicFor(300) }),
    },
    {
      name: 'didDocument',
      pattern: urls.didDocument,
      serve: async () =>
        json(MEDIA.didJson, buildDidDocument(await materials(), urls), { cacheControl: publicFor(300) }),
    },
    {
      name: 'ob2RevocationList',
      pattern: urls.ob2RevocationList,
      serve: async (request) =>
        json(ob2MediaType(request.accept), buildOb2RevocationList(await deps.revokedAwards(), urls), {
          cacheControl: 'no-cache',
        }),
    },
    {
      name: 'ob3RevocationList',
      pattern: urls.ob3RevocationList,
      serve: async () =>
        json(MEDIA.json, buildOb3RevocationList(await deps.revokedAwards(), urls), { cacheControl: 'no-cache' }),
    },
    {
      name: 'badgeClass',
      pattern: urls.badgeClass(':id'),
      serve: async (request) => {
        const content = await deps.achievementContent(request.params['id'] ?? '');
        if (content === undefined) throw new AccoladeError('not_found', `No badge class ${request.params['id']}`);
        const lang = request.query['lang'] === 'fr' ? 'fr' : 'en';
        const badgeClass = buildBadgeClass(
          { lang, achievement: achievementInputOf(content.id, content.snapshot, lang) },
          urls,
        );
        return json(ob2MediaType(request.accept), badgeClass, { cacheControl: publicFor(300) });
      },
    },
    { name: 'assertion', pattern: urls.assertion(':id'), serve: hostedAssertion },
    compactJws('signedAssertion', urls.signedAssertion(':id'), (found) => deps.documents.signedAssertion(found)),
    {
      name: 'credential',
      pattern: urls.credential(':id'),
      serve: async (request) =>
        json(MEDIA.vcLdJson, await deps.documents.credential(await award(request.params)), { cacheControl: signed }),
    },
    compactJws('credentialJwt', urls.credentialJwt(':id'), (found) => deps.documents.credentialJwt(found)),
    bakedImage('png', urls.png(':id'), MEDIA.png, (found, format) => deps.documents.png(found, format)),
    bakedImage('svg', urls.svg(':id'), MEDIA.svg, (found, format) => deps.documents.svg(found, format)),
    {
      name: 'achievementImage',
      pattern: urls.achievementImage(':id', ':lang'),
      serve: async (request) => {
        const lang = request.params['lang'];
        const content = await deps.achievementContent(request.params['id'] ?? '');
        if (content === undefined || (lang !== 'en' && lang !== 'fr')) {
          throw new AccoladeError('not_found', `No image for ${request.params['id']}`);
        }
        const png = await deps.images.png(imageRequestOf(content.id, content.snapshot, lang));
        return { status: 200, contentType: MEDIA.png, body: png, cacheControl: publicFor(3600) };
      },
    },
    {
      name: 'issuerImage',
      pattern: urls.issuerImage,
      serve: (() => {
        let image: Promise<Buffer> | undefined;
        return async () => {
          image ??= readFile(projectPath('assets', 'images', 'issuer.png'));
          return { status: 200, contentType: MEDIA.png, body: await image, cacheControl: publicFor(86_400) };
        };
      })(),
    },
  ];
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A URL pattern of the layout, parsed once: `:name` segments capture the matching path segment. */
export interface UrlPattern {
  match(url: URL): Record<string, string> | undefined;
}

export function compilePattern(pattern: string): UrlPattern {
  const parsed = new URL(pattern);
  const segments = parsed.pathname.split('/').map((segment) => decodeURIComponent(segment));
  return {
    match(url) {
      if (url.origin !== parsed.origin) return undefined;
      const path = url.pathname.split('/');
      if (path.length !== segments.length) return undefined;
      const params: Record<string, string> = {};
      for (const [index, segment] of segments.entries()) {
        const actual = safeDecode(path[index]!);
        if (segment.startsWith(':')) {
          if (actual === '') return undefined;
          params[segment.slice(1)] = actual;
        } else if (segment !== actual) {
          return undefined;
        }
      }
      return params;
    },
  };
}
