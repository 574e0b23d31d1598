import type { Response } from 'express';
import type { AwardRecord, Lang } from '../../app/awards/awardRecord.js';
import type { LearnerRecord } from '../../app/profiles/learnerRecord.js';
import type { ProfileRecord } from '../../app/profiles/profileRecord.js';
import { buildTranscript, transcriptCsv } from '../../app/profiles/transcript.js';
import type { UrlLayout } from '../../badges/urls.js';
import type { Clock } from '../../ports/clock.js';
import type { RecordPdfs } from '../../ports/recordPdfs.js';

export const TRANSCRIPT_FORMATS = ['json', 'csv', 'pdf', 'clr'] as const;
export type TranscriptFormat = (typeof TRANSCRIPT_FORMATS)[number];

export interface TranscriptResponseDeps {
  readonly learnerRecord: LearnerRecord;
  readonly pdfs: RecordPdfs;
  readonly clock: Clock;
  readonly urls: Pick<UrlLayout, 'verifyPage'>;
  readonly issuer: { readonly name: string };
}

/**
 * Answers a profile's transcript in one format: the same bytes for staff (admin API) and for the
 * candidate (their account). `download` makes every format an attachment, as a browser's link
 * to it should save a file rather than show it.
 */
export async function sendTranscript(
  res: Response,
  deps: TranscriptResponseDeps,
  request: {
    readonly profile: ProfileRecord;
    readonly awards: readonly AwardRecord[];
    readonly format: TranscriptFormat;
    readonly lang: Lang;
    readonly download: boolean;
  },
): Promise<void> {
  const { profile, awards, format, lang } = request;
  const filename = `transcript-${profile._id}`;
  if (request.download) res.attachment(`${filename}.${format === 'clr' ? 'jsonld' : format}`);
  if (format === 'clr') {
    const record = await deps.learnerRecord(profile, awards);
    res.type('application/vc+ld+json').send(JSON.stringify(record));
    return;
  }
  const now = deps.clock.now();
  const transcript = buildTranscript(profile, awards, now, lang);
  if (format === 'json') {
    res.json(transcript);
  } else if (format === 'csv') {
    res.type('text/csv; charset=utf-8').attachment(`${filename}.csv`).send(transcriptCsv(transcript));
  } else {
    const pdf = await deps.pdfs.transcript({
      lang,
      issuerName: deps.issuer.name,
      profile: transcript.profile,
      generatedAt: now.toISOString(),
      lines: transcript.achievements.map(({ expires, ...line }) => (expires === null ? line : { ...line, expires })),
      verifyUrl: deps.urls.verifyPage,
    });
    res.type('application/pdf').attachment(`${filename}.pdf`).send(pdf);
  }
}
