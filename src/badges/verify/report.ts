import type { CheckId } from './checks.js';

export type VerificationStatus = 'valid' | 'invalid' | 'revoked' | 'expired' | 'indeterminate';

export type BadgeFormat =
  | 'ob2-hosted'
  | 'ob2-signed'
  | 'ob3-jwt'
  | 'ob3-data-integrity'
  | 'clr-data-integrity'
  | 'unknown';

/**
 * Why a check failed. `expired` also covers "not yet valid"; `indeterminate` means the check
 * could not run (network error, timeout, 5xx, status list unreachable) and is kept apart from a
 * proven failure.
 */
export type FailureCategory = 'invalid' | 'revoked' | 'expired' | 'indeterminate';

export interface Problem {
  readonly category: FailureCategory;
  readonly message: string;
}

/** Which wrapped credential a per-credential check is about (a CLR's `clr.credential` checks). */
export interface CheckedCredential {
  /** Position in `credentialSubject.verifiableCredential`, from 0. */
  readonly index: number;
  /** The wrapped credential's own `id`, when it has one. */
  readonly id?: string;
}

export interface VerificationCheck {
  readonly id: CheckId;
  readonly ok: boolean;
  readonly message: string;
  /** Present only on checks made once per wrapped credential. */
  readonly credential?: CheckedCredential;
}

/**
 * Who issued the badge. `name` and `url` are what the badge says of itself, which anyone signing
 * with a key of their own can write; `domain`, `known` and `own` say who really stands behind it.
 */
export interface IssuerSummary {
  /** The issuer id the badge names (a DID or a URL). */
  readonly id?: string;
  readonly name?: string;
  readonly url?: string;
  /**
   * The domain that vouches for the issuer (did:web host, https id host, with a non-default
   * port); null for did:key and any id tied to no domain, and whenever the key or the hosted
   * documents could not be tied to the issuer id.
   */
  readonly domain: string | null;
  /** True for our own badges and for issuers or domains on the operator's trust list. */
  readonly known: boolean;
  /** True when the badge is one of ours. */
  readonly own: boolean;
  /** The name the operator's trust list (or our configuration) gives the issuer, when known. */
  readonly knownAs?: string;
}

export interface BadgeSummary {
  readonly name?: string;
  readonly description?: string;
  readonly image?: string;
  readonly issuer: IssuerSummary;
  /**
   * When the achievement was earned: OB 3.0 `awardedDate`, else the badge's one date (OB 2.0
   * `issuedOn`, VC `validFrom`). A format with a single date gives it here, never as `issuedOn`.
   */
  readonly earnedOn?: string;
  /**
   * When the issuer made the badge, only when the badge says so apart from `earnedOn`: a Data
   * Integrity proof's `created`, a VC-JWT's `iat`, or `validFrom` beside an `awardedDate`.
   */
  readonly issuedOn?: string;
  readonly expires?: string;
  /** The earner's name, when the badge carries one in clear (an OB 3.0 identifier of type name). */
  readonly earnerName?: string;
  /** Present only when a recipient email was given for comparison. */
  readonly recipientMatch?: boolean;
}

/** What the issuer publishes about a revocation (410 body, revocation list entry). */
export interface RevocationDetails {
  readonly reason?: string;
  /** When it was revoked, when the issuer says (`revokedAt` or `revocationDate`). */
  readonly revokedOn?: string;
}

export interface VerificationReport {
  /** True only when `status` is `valid`. */
  readonly verified: boolean;
  readonly status: VerificationStatus;
  readonly format: BadgeFormat;
  readonly checks: readonly VerificationCheck[];
  readonly badge?: BadgeSummary;
  /** Present when the badge is revoked and the issuer published a reason or a date. */
  readonly revocation?: RevocationDetails;
  /** ISO 8601 time of the verification, from the injected clock. */
  readonly verifiedAt: string;
}

/** The order in which failures decide the status: the first that applies wins. */
const SEVERITY: readonly FailureCategory[] = ['invalid', 'revoked', 'expired', 'indeterminate'];

interface Entry {
  readonly id: CheckId;
  ok: boolean;
  message: string;
  category?: FailureCategory;
  readonly credential?: CheckedCredential;
}

/**
 * Collects check results in the order they ran. A check recorded twice keeps one entry: a
 * failure outranks a pass, and of two failures the more severe category is kept.
 */
export class CheckLog {
  readonly #entries: Entry[] = [];
  #revocation: RevocationDetails | undefined;

  /** Keeps what the issuer published about a revocation (the first source that says anything). */
  noteRevocation(details: RevocationDetails | undefined): void {
    if (details === undefined || (details.reason === undefined && details.revokedOn === undefined)) return;
    this.#revocation ??= details;
  }

  revocation(): RevocationDetails | undefined {
    return this.#revocation;
  }

  /** `credential` makes the entry one of a check made once per wrapped credential. */
  pass(id: CheckId, message: string, credential?: CheckedCredential): void {
    this.#record({ id, ok: true, message, ...(credential ? { credential } : {}) });
  }

  fail(id: CheckId, problem: Problem, credential?: CheckedCredential): void {
    this.#record({
      id,
      ok: false,
      message: problem.message,
      category: problem.category,
      ...(credential ? { credential } : {}),
    });
  }

  /** Records `problem` as a failure of `id`, or a pass with `okMessage` when there is none. */
  outcome(id: CheckId, problem: Problem | undefined, okMessage: string): void {
    if (problem) this.fail(id, problem);
    else this.pass(id, okMessage);
  }

  /** Copies every result of `other` (an alternative proof, a nested document) into this log. */
  merge(other: CheckLog): void {
    for (const entry of other.#entries) this.#record({ ...entry });
    this.noteRevocation(other.#revocation);
  }

  has(id: CheckId): boolean {
    return this.#entries.some((entry) => entry.id === id);
  }

  failed(id: CheckId): boolean {
    return this.#entries.some((entry) => entry.id === id && !entry.ok);
  }

  checks(): VerificationCheck[] {
    return this.#entries.map(({ id, ok, message, credential }) => ({
      id,
      ok,
      message,
      ...(credential ? { credential } : {}),
    }));
  }

  status(): VerificationStatus {
    for (const category of SEVERITY) {
      if (this.#entries.some((entry) => !entry.ok && entry.category === category)) return category;
    }
    return 'valid';
  }

  /** The most severe failure, for a caller that folds a nested verification into one check. */
  worst(): Problem | undefined {
    const status = this.status();
    if (status === 'valid') return undefined;
    const failures = this.#entries.filter((entry) => !entry.ok && entry.category === status);
    return { category: status, message: failures.map((entry) => `${entry.id}: ${entry.message}`).join('; ') };
  }

  #record(entry: Entry): void {
    const existing = this.#entries.find(
      (candidate) => candidate.id === entry.id && candidate.credential?.index === entry.credential?.index,
    );
    if (!existing) {
      this.#entries.push(entry);
      return;
    }
    if (entry.ok) return;
    if (existing.ok) {
      existing.ok = false;
      existing.message = entry.message;
      existing.category = entry.category;
      return;
    }
    existing.message = `${existing.message}; ${entry.message}`;
    if (entry.category && existing.category && rank(entry.category) < rank(existing.category)) {
      existing.category = entry.category;
    }
  }
}

function rank(category: FailureCategory): number {
  return SEVERITY.indexOf(category);
}

export function invalid(message: string): Problem {
  return { category: 'invalid', message };
}

export function indeterminate(message: string): Problem {
  return { category: 'indeterminate', message };
}

/** Several problems of one check as one, with the most severe category. */
export function combine(problems: ReadonlyArray<Problem | undefined>): Problem | undefined {
  const present = problems.filter((problem): problem is Problem => problem !== undefined);
  if (present.length === 0) return undefined;
  const category = SEVERITY.find((candidate) => present.some((problem) => problem.category === candidate)) ?? 'invalid';
  return { category, message: present.map((problem) => problem.message).join('; ') };
}
