import { Router } from 'express';
import type { ApiKeyService } from '../../app/apiKeys/apiKeys.js';
import type { Lang } from '../../app/awards/awardRecord.js';
import type { LearnerRecord } from '../../app/profiles/learnerRecord.js';
import type { MergeHistory, MergeProfiles } from '../../app/profiles/mergeProfiles.js';
import type { ProfileRecord } from '../../app/profiles/profileRecord.js';
import type { Profiles } from '../../app/profiles/profiles.js';
import type { UrlLayout } from '../../badges/urls.js';
import { AccoladeError } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import type { RecordPdfs } from '../../ports/recordPdfs.js';
import { principalOf, requireScope } from '../auth.js';
import { jsonBody } from '../jsonBody.js';
import { validateBody } from '../validateBody.js';
import { sendTranscript, TRANSCRIPT_FORMATS, type TranscriptFormat } from './transcriptResponse.js';

export interface ProfileRouteDeps {
  readonly apiKeys: ApiKeyService;
  readonly profiles: Profiles;
  readonly learnerRecord: LearnerRecord;
  readonly mergeProfiles: MergeProfiles;
  readonly mergesOf: MergeHistory;
  readonly pdfs: RecordPdfs;
  readonly clock: Clock;
  readonly urls: UrlLayout;
  readonly issuer: { readonly name: string };
  /** BODY_LIMIT_BYTES: the largest JSON body, read only once the API key is checked. */
  readonly bodyLimitBytes: number;
}

function invalidQuery(name: string, message: string): AccoladeError {
  return new AccoladeError('validation_failed', `Query parameter ${name} ${message}`, {
    errors: [{ path: `/${name}`, message }],
  });
}

/** One text value, or `fallback` when absent; a repeated or empty parameter is refused. */
export function queryValue<T extends string>(query: unknown, name: string, allowed: readonly T[], fallback: T): T {
  if (query === undefined) return fallback;
  if (typeof query !== 'string' || !(allowed as readonly string[]).includes(query)) {
    throw invalidQuery(name, `must be one of ${allowed.join(', ')}`);
  }
  return query as T;
}

function withoutId<T extends { _id: string }>(record: T): Omit<T, '_id'> {
  const { _id: _dropped, ...rest } = record;
  return rest;
}

export function profileView(profile: ProfileRecord) {
  return {
    id: profile._id,
    name: profile.name,
    emails: profile.emails,
    primaryEmail: profile.emails[0],
    createdAt: profile.createdAt,
  };
}

/**
 * The admin API of candidates' profiles: find one by email or id, and its transcript in JSON,
 * CSV, PDF or as a signed CLR 2.0 record. An unknown or malformed profile id is a 404.
 */
export function profileRoutes(deps: ProfileRouteDeps): Router {
  const router = Router();
  const read = requireScope(deps.apiKeys, 'read');

  async function existing(id: string): Promise<ProfileRecord> {
    const profile = await deps.profiles.byId(id);
    if (profile === null) throw new AccoladeError('not_found', `No profile ${id}`);
    return profile;
  }

  router.get('/api/v1/profiles', read, async (req, res) => {
    const email = req.query['email'];
    if (typeof email !== 'string' || email === '') throw invalidQuery('email', 'must be given once, as text');
    const profile = await deps.profiles.forEmail(email);
    res.json({ items: profile === null ? [] : [profileView(profile)] });
  });

  router.post(
    '/api/v1/profiles/merge',
    requireScope(deps.apiKeys, 'admin'),
    jsonBody(deps.bodyLimitBytes),
    async (req, res) => {
      const body = validateBody<{ from: string; to: string; reason: string }>('profile-merge-request', req.body);
      const principal = principalOf(req);
      const { merge, profile } = await deps.mergeProfiles({
        ...body,
        by: { kind: 'api-key', id: principal.keyId, name: principal.name },
      });
      res.json({ merge: { id: merge._id, ...withoutId(merge) }, profile: profileView(profile) });
    },
  );

  router.get('/api/v1/profiles/:id', read, async (req, res) => {
    res.json(profileView(await existing(String(req.params['id']))));
  });

  router.get('/api/v1/profiles/:id/merges', read, async (req, res) => {
    const profile = await existing(String(req.params['id']));
    const merges = await deps.mergesOf(profile._id);
    res.json({ items: merges.map((merge) => ({ id: merge._id, ...withoutId(merge) })) });
  });

  router.get('/api/v1/profiles/:id/transcript', read, async (req, res) => {
    const format: TranscriptFormat = queryValue(req.query['format'], 'format', TRANSCRIPT_FORMATS, 'json');
    const lang: Lang = queryValue(req.query['lang'], 'lang', ['en', 'fr'] as const, 'en');
    const profile = await existing(String(req.params['id']));
    const awards = await deps.profiles.awardsOf(profile);
    await sendTranscript(res, deps, { profile, awards, format, lang, download: false });
  });

  return router;
}
