/**
 * The pattern the official OB 2.0 validator holds a `urn:uuid:` IRI to (UUID versions 1 to 5),
 * which every `urn:uuid:` the service publishes must match.
 */
export const PUBLISHABLE_URN_UUID =
  /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Every `urn:uuid:…` in a text, up to the first character no UUID has. */
export function urnUuidsIn(text: string): string[] {
  return text.match(/urn:uuid:[^"'<>\s,\]}]*/g) ?? [];
}
