export interface CacheLifetimeLimits {
  /** Lifetime when the response says nothing about caching. */
  readonly defaultTtlMs: number;
  /** Upper bound whatever the response says, so a revocation is never hidden for long. */
  readonly maxTtlMs: number;
}

function directives(cacheControl: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of cacheControl.split(',')) {
    const [name = '', value = ''] = part.split('=', 2).map((piece) => piece.trim());
    if (name !== '') found.set(name.toLowerCase(), value.replace(/^"(.*)"$/, '$1'));
  }
  return found;
}

// RFC 9110 §5.6.7 IMF-fixdate, the form senders must use. Date.parse alone is too lenient: it reads
// "0" as the year 2000.
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

function httpDate(value: string | undefined): number {
  return value !== undefined && HTTP_DATE.test(value.trim()) ? Date.parse(value) : Number.NaN;
}

function seconds(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/**
 * How long a fetched response may be reused, in ms (0: not at all), from its Cache-Control
 * (RFC 9111 §5.2.2): `no-store` and `no-cache` are not reused (revalidation is not worth it for
 * documents this small), `max-age` less the `Age` already spent (§4.2.3), else `Expires` measured
 * against the response's own `Date` (§4.2.1, immune to clock skew), else the default; always
 * capped. `private` is honoured as cacheable: the cache is the verifier's own and the requests
 * carry no credentials, so nothing is user-specific.
 */
export function cacheLifetimeMs(headers: Readonly<Record<string, string>>, limits: CacheLifetimeLimits): number {
  const control = directives(headers['cache-control'] ?? '');
  if (control.has('no-store') || control.has('no-cache')) return 0;
  let lifetime = limits.defaultTtlMs;
  const maxAge = seconds(control.get('max-age'));
  if (maxAge !== undefined) {
    lifetime = (maxAge - (seconds(headers['age']) ?? 0)) * 1000;
  } else if (headers['expires'] !== undefined) {
    const expires = httpDate(headers['expires']);
    const date = httpDate(headers['date']);
    // An unparseable Expires (often "0" or "-1") means already expired (§5.3).
    lifetime = Number.isNaN(expires) ? 0 : Number.isNaN(date) ? limits.defaultTtlMs : expires - date;
  }
  return Math.max(0, Math.min(lifetime, limits.maxTtlMs));
}
