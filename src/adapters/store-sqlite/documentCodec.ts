/**
 * Documents are kept as JSON text. JSON has no dates, so a Date is written as `{"$date": ISO}`:
 * stored field names never start with `$` (the port refuses them), so the form is unambiguous,
 * and ISO strings of one form sort in time order, which the indexes rely on.
 */
type Doc = Record<string, unknown>;

function isDateForm(value: unknown): value is { $date: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === '$date' && typeof (value as { $date: unknown }).$date === 'string';
}

/** The stored form of a Date, as SQLite's json_extract returns it for an indexed field. */
export function encodedDate(date: Date): string {
  return JSON.stringify({ $date: date.toISOString() });
}

function containsDate(value: unknown): boolean {
  if (value instanceof Date) return true;
  if (typeof value !== 'object' || value === null) return false;
  for (const member of Array.isArray(value) ? value : Object.values(value)) {
    if (typeof member === 'object' && member !== null && containsDate(member)) return true;
  }
  return false;
}

/** `holdsDate`: whether `doc` holds a Date, when the caller knows already. */
export function encodeDocument(doc: object, holdsDate = containsDate(doc)): string {
  // Most documents hold no Date (awards keep ISO strings): then no replacer is needed.
  if (!holdsDate) return JSON.stringify(doc);
  // JSON.stringify hands the replacer what toJSON made of a Date; `this[key]` is the Date itself.
  return JSON.stringify(doc, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.toISOString() } : value;
  });
}

export function decodeDocument<T = Doc>(text: string): T {
  // A reviver slows parsing down several times; only text holding a stored Date needs one.
  if (!text.includes('{"$date":')) return JSON.parse(text) as T;
  return JSON.parse(text, (_key, value: unknown) => (isDateForm(value) ? new Date(value.$date) : value)) as T;
}
