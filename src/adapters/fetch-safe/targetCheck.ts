import { isIP } from 'node:net';
import { classifyAddress } from './addressPolicy.js';
import { fetchBlocked } from './fetchErrors.js';
import type { HostAllowance } from './hostAllowance.js';

export interface CheckedTarget {
  readonly url: URL;
  /** The operator allowed this host: plain http is accepted and addresses are not checked. */
  readonly operatorAllowed: boolean;
}

/** Parses a URL given by a stranger; anything the WHATWG parser rejects is refused. */
export function parseTargetUrl(input: string): URL {
  try {
    return new URL(input);
  } catch {
    throw fetchBlocked('invalid_url', input, 'not an absolute URL');
  }
}

/** The hostname without IPv6 brackets, as a socket would use it. */
export function socketHost(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * Checks what can be checked before connecting: the scheme, and the address when the host is an
 * IP literal. The URL parser has already turned every spelling of an IPv4 address (decimal
 * `2130706433`, hex `0x7f.1`, short `127.1`, octal) into dotted form, and IPv4-mapped IPv6 is
 * classified as the IPv4 address it carries. Host names are checked after DNS resolution, in
 * the connection's lookup (guardedLookup.ts). Run again on every redirect hop.
 */
export function checkTarget(url: URL, allowance: HostAllowance): CheckedTarget {
  const href = url.href;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw fetchBlocked('scheme', href, `the ${url.protocol} scheme is not fetched`, { scheme: url.protocol });
  }
  const operatorAllowed = allowance.allows(url);
  const host = socketHost(url);
  if (!operatorAllowed && isIP(host) !== 0) {
    const verdict = classifyAddress(host);
    if (!verdict.public) {
      throw fetchBlocked('private_address', href, `${host} is a ${verdict.range} address`, {
        address: host,
        range: verdict.range,
      });
    }
  }
  // Plain http is only for hosts the operator vouches for (a test issuer on the local network).
  if (!operatorAllowed && url.protocol === 'http:') {
    throw fetchBlocked('scheme', href, 'plain http is only fetched from allowed hosts', { scheme: url.protocol });
  }
  return { url, operatorAllowed };
}
