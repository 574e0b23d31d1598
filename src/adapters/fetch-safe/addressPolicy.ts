import ipaddr from 'ipaddr.js';

/**
 * Which IP addresses the verifier may connect to on behalf of strangers: only global unicast.
 * Everything else (loopback, RFC 1918 private, link-local and the cloud metadata address
 * 169.254.169.254, carrier-grade NAT 100.64/10 with its 100.100.100.200 metadata address, 0/8,
 * multicast, broadcast, IANA reserved and documentation ranges, IPv6 unique-local fc00::/7 with
 * the fd00:ec2::254 metadata address, site-local, discard, ORCHID, ...) could reach the service's
 * own network (server-side request forgery, OWASP SSRF Prevention Cheat Sheet).
 */
export interface AddressVerdict {
  readonly address: string;
  readonly public: boolean;
  /** ipaddr.js range name, e.g. `unicast`, `loopback`, `private`, `linkLocal`, `uniqueLocal`. */
  readonly range: string;
}

// RFC 6052 well-known NAT64 prefix: a DNS64 resolver may legitimately answer 64:ff9b::a.b.c.d for
// an IPv4-only public host, so the embedded IPv4 address decides.
const NAT64_WELL_KNOWN = ipaddr.IPv6.parseCIDR('64:ff9b::/96');
// RFC 4291 §2.4: every public IPv6 address is in 2000::/3; the rest of the space holds the
// IPv4-compatible ::a.b.c.d form and other space that ipaddr.js would call `unicast`.
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');

function classifyV4(address: string, v4: ipaddr.IPv4): AddressVerdict {
  const range = v4.range();
  return { address, public: range === 'unicast', range };
}

function classifyV6(address: string, v6: ipaddr.IPv6): AddressVerdict {
  const range = v6.range();
  if (v6.match(NAT64_WELL_KNOWN)) {
    const embedded = classifyV4(address, new ipaddr.IPv4(v6.toByteArray().slice(12)));
    return { ...embedded, range: `nat64:${embedded.range}` };
  }
  // 6to4 (2002::/16) and Teredo (2001::/32) embed an IPv4 address that a relay would reach; both
  // mechanisms are deprecated (RFC 7526) and no issuer needs them, so they are refused outright
  // rather than trusting the relay's view of the embedded address.
  if (range !== 'unicast') return { address, public: false, range };
  if (!v6.match(GLOBAL_UNICAST_V6)) return { address, public: false, range: 'notGlobalUnicast' };
  return { address, public: true, range };
}

/** Classifies one resolved or literal address; IPv4-mapped IPv6 (::ffff:a.b.c.d) counts as IPv4. */
export function classifyAddress(address: string): AddressVerdict {
  // A zone index (fe80::1%eth0) never changes the verdict; ipaddr.js keeps it apart.
  if (!ipaddr.isValid(address)) return { address, public: false, range: 'invalid' };
  const parsed = ipaddr.process(address);
  return parsed.kind() === 'ipv4'
    ? classifyV4(address, parsed as ipaddr.IPv4)
    : classifyV6(address, parsed as ipaddr.IPv6);
}
