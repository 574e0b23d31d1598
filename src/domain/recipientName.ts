/**
 * Why a recipient's name cannot be taken, or undefined. The name is shown on the public badge
 * page and signed into every badge, so it must be text a person can read: no control characters
 * (they would reach the page's HTML and every document), no lone UTF-16 surrogates (not text at
 * all: JSON and XML encoders mangle or refuse them), and at least one visible character (a name
 * made only of spaces, joiners, direction marks or other invisible characters shows nothing).
 * Direction marks and overrides inside a visible name are allowed: names are written in every
 * script, and the pages isolate each name in `<bdi>` so it cannot reorder what surrounds it.
 */
export function recipientNameProblem(name: string): string | undefined {
  if (/\p{Cc}/u.test(name)) return 'must not contain control characters';
  if (/\p{Cs}/u.test(name)) return 'must not contain lone surrogates (it is not valid text)';
  if (!/[^\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cf}\p{M}\u2800]/u.test(name)) {
    return 'must contain a visible character';
  }
  return undefined;
}
