import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { classifyAddress } from './addressPolicy.js';
import { fetchBlocked, fetchFailed, networkFailure } from './fetchErrors.js';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Resolves a host name to every address it has; injected so tests never depend on real DNS. */
export type ResolveHost = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export const systemResolve: ResolveHost = async (hostname) => {
  const found = await dnsLookup(hostname, { all: true, verbatim: true });
  return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

type LookupCallback = Parameters<LookupFunction>[2];

function answer(addresses: readonly ResolvedAddress[], all: boolean | undefined, callback: LookupCallback): void {
  if (all)
    callback(
      null,
      addresses.map(({ address, family }) => ({ address, family })),
    );
  else callback(null, addresses[0]!.address, addresses[0]!.family);
}

function wantedFamily(family: number | string | undefined): 4 | 6 | undefined {
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return undefined;
}

/**
 * A socket `lookup` that resolves once, refuses the connection if ANY resolved address is not
 * public, and hands the socket exactly the addresses it checked: the connection cannot go to an
 * address that was not checked (no second resolution, so no DNS rebinding between check and use).
 * With `checked` false (an operator-allowed host) it only resolves.
 */
export function guardedLookup(resolve: ResolveHost, url: string, checked: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (resolved) => {
        if (checked) {
          for (const { address } of resolved) {
            const verdict = classifyAddress(address);
            if (!verdict.public) {
              // Only that the address is not public: which address, or which range, would tell
              // anyone what an internal host name resolves to.
              callback(fetchBlocked('private_address', url, `${hostname} does not resolve to a public address`), '');
              return;
            }
          }
        }
        const family = wantedFamily(options.family);
        const usable = family === undefined ? resolved : resolved.filter((entry) => entry.family === family);
        if (usable.length === 0) {
          callback(fetchFailed('dns', url, `${hostname} has no usable address`), '');
          return;
        }
        answer(usable, options.all, callback);
      },
      (error: unknown) => callback(networkFailure(error, url), ''),
    );
  };
}
