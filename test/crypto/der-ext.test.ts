import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../src/crypto/bytes.ts';
import { decodeInteger, decodeOid, decodeTime, int, oid, parseDer, TAG, tlv } from '../../src/crypto/der.ts';
import { decodeKeyUsage, encodeKeyUsage } from '../../src/crypto/extensions.ts';
import { bytesToIp, ipToBytes } from '../../src/crypto/ip.ts';
import { type OpenSsl, openssl } from './openssl.ts';

let o: OpenSsl;
beforeAll(() => {
  o = openssl();
});
afterAll(() => o.cleanup());

describe('der', () => {
  it('OIDs and integers round-trip and agree with openssl asn1parse', () => {
    for (const dotted of ['2.5.4.3', '1.2.840.113549.1.9.14', '1.3.6.1.4.1.311.20.2.3', '2.999.1']) {
      expect(decodeOid(parseDer(oid(dotted)).value)).toBe(dotted);
    }
    expect(o.run(['asn1parse', '-inform', 'DER'], oid('1.3.6.1.4.1.311.20.2.3'))).toContain(
      'Microsoft User Principal Name',
    );
    for (const n of [0n, 127n, 128n, 255n, 256n, 65537n, 2n ** 255n]) {
      expect(decodeInteger(parseDer(int(n)).value)).toBe(n);
    }
    expect(toHex(int(128))).toBe('02020080');
    expect(o.run(['asn1parse', '-inform', 'DER'], int(65537))).toContain('INTEGER           :010001');
  });

  it('reads long lengths and both time forms', () => {
    const big = tlv(TAG.OCTET_STRING, new Uint8Array(70000));
    expect(parseDer(big).value.length).toBe(70000);
    const utc = tlv(TAG.UTC_TIME, new TextEncoder().encode('491231235959Z'));
    const gen = tlv(TAG.GENERALIZED_TIME, new TextEncoder().encode('20500101000000Z'));
    expect(decodeTime(parseDer(utc)).toISOString()).toBe('2049-12-31T23:59:59.000Z');
    expect(decodeTime(parseDer(gen)).toISOString()).toBe('2050-01-01T00:00:00.000Z');
    expect(() => parseDer(big.subarray(0, 100))).toThrow(/malformed DER/);
  });
});

describe('key usage bits', () => {
  it('uses minimal unused bits, as openssl reads them', () => {
    expect(toHex(encodeKeyUsage(['digitalSignature']))).toBe('03020780');
    expect(toHex(encodeKeyUsage(['keyCertSign', 'cRLSign']))).toBe('03020106');
    expect(toHex(encodeKeyUsage(['decipherOnly']))).toBe('0303070080');
    expect(decodeKeyUsage(encodeKeyUsage(['nonRepudiation', 'decipherOnly']))).toEqual([
      'nonRepudiation',
      'decipherOnly',
    ]);
  });
});

describe('ip', () => {
  it('parses v4/v6 forms and prints RFC 5952 text', () => {
    const cases: [string, string][] = [
      ['192.0.2.1', '192.0.2.1'],
      ['::', '::'],
      ['::1', '::1'],
      ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
      ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
      ['fe80::', 'fe80::'],
      ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2:3:4:5:6'],
      ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
      ['::ffff:192.0.2.1', '::ffff:c000:201'],
    ];
    for (const [input, text] of cases) expect(bytesToIp(ipToBytes(input)!)).toBe(text);
    expect(ipToBytes('::ffff:192.0.2.1')!.length).toBe(16);
    for (const bad of ['256.1.1.1', '1.2.3', '01.2.3.4', '1::2::3', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', 'g::1', '']) {
      expect(ipToBytes(bad)).toBeNull();
    }
  });
});
