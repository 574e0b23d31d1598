import { expect } from 'chai';
import { classifyAddress } from '../../../../src/adapters/fetch-safe/addressPolicy.js';

describe('address policy for outbound fetches', () => {
  const refused: Array<[string, string]> = [
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'cloud metadata (link-local)'],
    ['169.254.1.1', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.100.100.200', 'cloud metadata (carrier-grade NAT)'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'this network 0/8'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    ['::1', 'IPv6 loopback'],
    ['::', 'IPv6 unspecified'],
    ['fe80::1', 'IPv6 link-local'],
    ['fd00:ec2::254', 'cloud metadata (IPv6 unique-local)'],
    ['fc00::5', 'IPv6 unique-local'],
    ['ff02::1', 'IPv6 multicast'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, hex form'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['::ffff:169.254.169.254', 'IPv4-mapped metadata'],
    ['::127.0.0.1', 'IPv4-compatible loopback'],
    ['64:ff9b::10.0.0.1', 'NAT64 of a private address'],
    ['64:ff9b::7f00:1', 'NAT64 of loopback'],
    ['64:ff9b:1::a00:1', 'local-use NAT64'],
    ['2002:7f00:1::1', '6to4 embedding loopback'],
    ['2002:5db8:d822::1', '6to4 embedding a public address'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
    ['2001:db8::1', 'IPv6 documentation'],
    ['fec0::1', 'IPv6 site-local'],
    ['100::1', 'IPv6 discard'],
    ['not-an-address', 'not an address'],
  ];
  for (const [address, what] of refused) {
    it(`refuses ${address} (${what})`, () => {
      expect(classifyAddress(address).public).to.equal(false);
    });
  }

  const accepted = ['93.184.216.34', '8.8.8.8', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:93.184.216.34'];
  for (const address of accepted) {
    it(`accepts the public address ${address}`, () => {
      expect(classifyAddress(address)).to.include({ public: true, range: 'unicast' });
    });
  }

  it('judges a NAT64 address by the public IPv4 address it embeds', () => {
    expect(classifyAddress('64:ff9b::5db8:d822')).to.include({ public: true, range: 'nat64:unicast' });
  });

  it('names the range that caused a refusal', () => {
    expect(classifyAddress('::ffff:10.0.0.1').range).to.equal('private');
    expect(classifyAddress('169.254.169.254').range).to.equal('linkLocal');
  });
});
