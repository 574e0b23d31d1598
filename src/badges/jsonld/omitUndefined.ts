/**
 * Drops absent optional properties before a document is published or signed. OB 3.0
 * §Serialization asks that empty values be omitted rather than sent as null, and an `undefined`
 * left in a signed object would differ from the JSON a verifier parses.
 */
export function omitUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

/** `undefined` for an empty or absent list, so `omitUndefined` leaves it out (no empty arrays). */
export function nonEmpty<T>(items: readonly T[] | undefined): readonly T[] | undefined {
  return items !== undefined && items.length > 0 ? items : undefined;
}
