import { AccoladeError } from '../../errors.js';

/**
 * The operator's exceptions to the address rules (`VERIFY_ALLOWED_HOSTS`): `host` allows every
 * port of that host, `host:port` only that port. Hosts compare as the WHATWG URL parser writes
 * them (lower case, IPv6 in brackets, `127.1` and `2130706433` as `127.0.0.1`), so an entry
 * matches every spelling of the same address.
 */
export interface HostAllowance {
  /** True when the operator allowed this URL's host and port. */
  allows(url: URL): boolean;
}

const ENTRY = /^(\[[^\]]*\]|[^:[\]]+)(?::(\d{1,5}))?$/;

function defaultPort(url: URL): string {
  return url.protocol === 'https:' ? '443' : '80';
}

function normaliseHost(entry: string, host: string): string {
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    throw new AccoladeError('config_invalid', `Allowed host "${entry}" is not a host name or address`, { entry });
  }
}

export function parseHostAllowance(entries: readonly string[]): HostAllowance {
  const everyPort = new Set<string>();
  const onePort = new Set<string>();
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '') continue;
    const match = ENTRY.exec(entry);
    if (!match || (match[2] !== undefined && Number(match[2]) > 65535)) {
      throw new AccoladeError('config_invalid', `Allowed host "${entry}" must be host or host:port`, { entry });
    }
    const host = normaliseHost(entry, match[1]!);
    if (match[2] === undefined) everyPort.add(host);
    else onePort.add(`${host}:${Number(match[2])}`);
  }
  return {
    allows(url) {
      const host = url.hostname.toLowerCase();
      return everyPort.has(host) || onePort.has(`${host}:${url.port || defaultPort(url)}`);
    },
  };
}
