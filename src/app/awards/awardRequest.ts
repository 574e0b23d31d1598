import type { EvidenceInput } from '../../badges/documentInput.js';
import type { Lang } from './awardRecord.js';

/** The body of `POST /api/v1/awards` (schemas/api/award-request.schema.json), and one bulk row. */
export interface AwardRequest {
  readonly recipient: { readonly email: string; readonly name: string; readonly locale?: string };
  readonly achievement: string;
  readonly earnedOn: string;
  readonly externalId?: string;
  readonly evidence?: readonly EvidenceInput[];
}

/** Texts exist in English and French; any `fr` or `fr-XX` locale reads French, anything else English. */
export function langOf(locale: string | undefined): Lang {
  return locale !== undefined && /^fr([-_]|$)/i.test(locale) ? 'fr' : 'en';
}
