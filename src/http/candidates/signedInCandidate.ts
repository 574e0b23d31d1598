import type { Request } from 'express';
import type { Sessions } from '../../app/candidates/sessions.js';
import type { ProfileRecord } from '../../app/profiles/profileRecord.js';
import type { Profiles } from '../../app/profiles/profiles.js';
import { readCookie, SESSION_COOKIE } from './formSecurity.js';

/** Who is signed in: the address they proved, and the profile it belongs to with all its addresses. */
export interface SignedInCandidate {
  readonly email: string;
  /** Null only for an address the programme issued nothing to (no profile can be made of it). */
  readonly profile: ProfileRecord | null;
  /** Every address whose badges are the candidate's: the profile's, else the signed-in one. */
  readonly emails: readonly string[];
}

export async function signedInCandidate(
  req: Request,
  deps: { readonly sessions: Pick<Sessions, 'email'>; readonly profiles: Pick<Profiles, 'forEmail'> },
): Promise<SignedInCandidate | null> {
  const email = await deps.sessions.email(readCookie(req, SESSION_COOKIE));
  if (email === null) return null;
  const profile = await deps.profiles.forEmail(email);
  return { email, profile, emails: profile === null || profile.emails.length === 0 ? [email] : profile.emails };
}

/** Whether a badge is the signed-in candidate's: issued to one of their profile's addresses. */
export function owns(candidate: SignedInCandidate, award: { readonly recipientEmail: string }): boolean {
  return candidate.emails.includes(award.recipientEmail);
}
