import type { TranscriptLine } from '../../ports/recordPdfs.js';
import type { AwardRecord, Lang } from '../awards/awardRecord.js';
import type { ProfileRecord } from './profileRecord.js';

/** `pending`, `accepted`, `declined`, `revoked` as on the award; `expired` once past its expiry, unless revoked. */
export type TranscriptStatus = AwardRecord['status'] | 'expired';

/** A line of the transcript as the PDF prints it, with `expires` always present (null when none). */
export interface TranscriptEntry extends Omit<TranscriptLine, 'expires' | 'status'> {
  readonly expires: string | null;
  readonly status: TranscriptStatus;
}

export interface Transcript {
  readonly profile: { readonly id: string; readonly name: string };
  readonly achievements: readonly TranscriptEntry[];
}

export const TRANSCRIPT_CSV_COLUMNS = [
  'awardId',
  'achievement',
  'name',
  'kind',
  'earnedOn',
  'issuedOn',
  'expires',
  'status',
] as const satisfies readonly (keyof TranscriptEntry)[];

function statusAt(award: AwardRecord, now: Date): TranscriptStatus {
  if (award.status === 'revoked') return 'revoked';
  if (award.expires !== undefined && Date.parse(award.expires) < now.getTime()) return 'expired';
  return award.status;
}

/**
 * Every achievement on a profile, whatever its status, oldest earned first (then by issuance):
 * a transcript is the history of what the person achieved, declined and revoked badges
 * included, each saying which it is. Names are the catalog's at issuance, in `lang`.
 */
export function buildTranscript(
  profile: ProfileRecord,
  awards: readonly AwardRecord[],
  now: Date,
  lang: Lang,
): Transcript {
  const ordered = [...awards].sort((a, b) => a.earnedOn.localeCompare(b.earnedOn) || a._id.localeCompare(b._id));
  return {
    profile: { id: profile._id, name: profile.name },
    achievements: ordered.map((award) => ({
      awardId: award._id,
      achievement: award.achievementId,
      name: award.achievement.title[lang],
      kind: award.achievement.kind,
      earnedOn: award.earnedOn,
      issuedOn: award.issuedOn,
      expires: award.expires ?? null,
      status: statusAt(award, now),
    })),
  };
}

/**
 * RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; CRLF between
 * records. A field a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) is
 * prefixed with `'` (OWASP CSV injection), since catalog names are text, never formulas.
 */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function transcriptCsv(transcript: Transcript): string {
  const rows = [
    TRANSCRIPT_CSV_COLUMNS.join(','),
    ...transcript.achievements.map((entry) =>
      TRANSCRIPT_CSV_COLUMNS.map((column) => csvField(entry[column] ?? '')).join(','),
    ),
  ];
  return `${rows.join('\r\n')}\r\n`;
}
