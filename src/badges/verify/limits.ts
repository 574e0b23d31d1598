import { indeterminate, type Problem } from './report.js';

/**
 * Caps on untrusted input. Everything a stranger hands the verifier (pasted text, uploaded
 * images, documents fetched from other issuers) is bounded before it is parsed or walked, so a
 * hostile badge produces a failed check, never a crash or a hang.
 */
export const LIMITS = {
  /** Largest JSON or JWS text accepted, in bytes. */
  maxTextBytes: 1024 * 1024,
  /** Largest baked image accepted, in bytes. */
  maxImageBytes: 10 * 1024 * 1024,
  /** Deepest nesting of arrays and objects in any JSON document. */
  maxJsonDepth: 64,
  /** Most values (objects, arrays, scalars) in one already-parsed document. */
  maxJsonNodes: 200_000,
  /** Most documents fetched while verifying one badge, endorsements and status lists included. */
  maxFetches: 40,
  /** Most embedded endorsements verified for one badge. */
  maxEndorsements: 10,
  /** How deep verifications may nest (a badge's endorsement's status list...). */
  maxNesting: 3,
  /**
   * Most proofs checked while verifying one badge: its own, its endorsements', theirs, and their
   * status lists'. Each costs an RDF canonicalisation or a signature check and needs no network
   * with did:key, so neither maxFetches nor the time budget alone bounds it.
   */
  maxProofChecks: 32,
  /**
   * Time budget for one whole verification, nested ones included. Each fetch has its own
   * timeout (VERIFY_FETCH_TIMEOUT_MS), but maxFetches slow answers in a row could hold a
   * verification for minutes.
   */
  totalMs: 15_000,
  /**
   * Most credentials verified inside one Comprehensive Learner Record. Each wrapped credential
   * adds its own proof check to the record's allowance (maxProofChecks counts one badge's).
   */
  maxClrCredentials: 100,
  /** Largest decompressed status list bitstring, in bytes (the W3C minimum list is 16 KiB). */
  maxStatusListBytes: 16 * 1024 * 1024,
} as const;

/**
 * What one verification may still spend, shared by every step and every nested verification:
 * the time left (LIMITS.totalMs unless the caller gives another) and the proof checks left
 * (LIMITS.maxProofChecks). Once either runs out, the steps that ask fail as could-not-run
 * (indeterminate): the badge was not proven wrong, only not judged. The time is kept by a
 * timer, not read from the Clock, which may be frozen; close() it when the verification ends.
 */
export class VerificationBudget {
  readonly totalMs: number;
  readonly #timeUp: Promise<void>;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #expired = false;
  #proofChecks = 0;
  #maxProofChecks: number = LIMITS.maxProofChecks;

  constructor(totalMs: number = LIMITS.totalMs) {
    this.totalMs = totalMs;
    this.#timeUp = new Promise((resolve) => {
      this.#timer = setTimeout(() => {
        this.#expired = true;
        resolve();
      }, totalMs);
      // A verification in progress must not keep the process alive on its own.
      this.#timer.unref?.();
    });
  }

  /** Could-not-run once the time is spent; `step` says what will not happen. */
  timeProblem(step: string): Problem | undefined {
    return this.#expired
      ? indeterminate(`the verification ran out of its ${this.totalMs} ms time budget before ${step}`)
      : undefined;
  }

  /** Settles with timeProblem(step) when the time runs out, to race a step that waits on the network. */
  whenTimeIsUp(step: string): Promise<Problem> {
    return this.#timeUp.then(() => this.timeProblem(step) as Problem);
  }

  /** Takes one proof check from the budget, or says why `what` will not be checked. */
  proofCheckProblem(what: string): Problem | undefined {
    const late = this.timeProblem(`${what} was checked`);
    if (late) return late;
    this.#proofChecks += 1;
    if (this.#proofChecks <= this.#maxProofChecks) return undefined;
    return indeterminate(
      `verifying this badge needs more than ${this.#maxProofChecks} proof checks (endorsements and status lists included); ${what} was not checked`,
    );
  }

  /**
   * Says why a nested verification (an endorsement, a status list) will not start: the time is
   * up or the proof checks are spent. Checked at the door, so a badge with many nested
   * credentials cannot make us expand and validate them once nothing more can be proven.
   */
  nestedProblem(what: string): Problem | undefined {
    const late = this.timeProblem(`${what} was checked`);
    if (late) return late;
    if (this.#proofChecks < this.#maxProofChecks) return undefined;
    return indeterminate(
      `verifying this badge needs more than ${this.#maxProofChecks} proof checks (endorsements and status lists included); ${what} was not checked`,
    );
  }

  /**
   * One more proof check for each credential a learner record wraps (at most
   * LIMITS.maxClrCredentials): a record of many badges is many proofs by design, not an attack.
   */
  allowWrappedCredentials(count: number): void {
    this.#maxProofChecks += Math.min(Math.max(0, Math.floor(count)), LIMITS.maxClrCredentials);
  }

  close(): void {
    clearTimeout(this.#timer);
  }
}
