import { AccoladeError } from '../../errors.js';

/** One entry of the operator's list of known issuers: an exact issuer id, or a domain. */
export type TrustedIssuer =
  | { readonly id: string; readonly name: string }
  | { readonly domain: string; readonly name: string };

const VARIABLE = 'VERIFY_TRUSTED_ISSUERS';

/** A host name, or `host:port`, as `issuerDomain` reports it (lower case). */
const DOMAIN = /^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:\d{1,5})?$/;

function refuse(source: string, problem: string): never {
  throw new AccoladeError('config_invalid', `${VARIABLE} (${source}) ${problem}`, { variable: VARIABLE });
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function entryAt(value: unknown, index: number, source: string): TrustedIssuer {
  const at = `entry ${index}`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) refuse(source, `${at} is not an object`);
  const entry = value as Record<string, unknown>;
  const unknown = Object.keys(entry).filter((key) => !['id', 'domain', 'name'].includes(key));
  if (unknown.length > 0) refuse(source, `${at} has unknown field(s) ${unknown.join(', ')}`);
  if (!nonEmpty(entry['name'])) refuse(source, `${at} needs a non-empty "name"`);
  const name = entry['name'].trim();
  const hasId = 'id' in entry;
  if (hasId === 'domain' in entry) refuse(source, `${at} needs exactly one of "id" and "domain"`);
  if (hasId) {
    if (!nonEmpty(entry['id'])) refuse(source, `${at} has an empty "id"`);
    return { id: entry['id'].trim(), name };
  }
  const domain = typeof entry['domain'] === 'string' ? entry['domain'].trim().toLowerCase() : '';
  if (!DOMAIN.test(domain)) refuse(source, `${at} has an invalid "domain" (a host name, or host:port)`);
  return { domain, name };
}

/**
 * The operator's list of known issuers, `[{ "id" | "domain", "name" }]`, read from the file
 * VERIFY_TRUSTED_ISSUERS names. Anything else stops the start with `config_invalid`, naming the
 * entry: a list silently half-read would show a known issuer as unknown, or worse.
 */
export function parseTrustedIssuers(text: string, source: string): TrustedIssuer[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    refuse(source, `is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(value)) refuse(source, 'must be a JSON array of { "id" | "domain", "name" }');
  return value.map((entry, index) => entryAt(entry, index, source));
}
