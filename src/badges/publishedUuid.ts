import { createHash } from 'node:crypto';
import { v4 as uuidv4 } from 'uuid';

/** Keeps these UUIDs apart from any other hash of an award id. */
const PURPOSE = 'accolade:ob2-signed-assertion:';

/**
 * The UUID under which an award's OB 2.0 signed assertion is published (`urn:uuid:…`).
 *
 * Award ids are UUIDv7, time-ordered so that listing by id is listing by issuance, but the
 * official OB 2.0 validator accepts a `urn:uuid:` only of versions 1 to 5 (docs/open-badges.md
 * A4), so no award id may appear as one. This one is a version-4 UUID (RFC 9562 §5.4: version and
 * variant bits set, the other 122 bits unpredictable) whose bits are the start of SHA-256 of the
 * award id. Derived, not stored: every award has one, those stored before this rule too, it is the
 * same each time the assertion is built, and it tells nothing the award id (public in the award's
 * URLs) does not. Changing this function changes published ids: it is pinned by a test.
 */
export function publishedUuid(awardId: string): string {
  const digest = createHash('sha256')
    .update(PURPOSE + awardId, 'utf8')
    .digest();
  return uuidv4({ random: digest.subarray(0, 16) });
}
