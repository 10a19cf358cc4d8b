// Regression tests from the red-team reproductions (issue 18 item 1 and the PEM part of item 3): each input once
// crashed a parser with an untyped error, overflowed the stack or took seconds; now each is a CryptoError.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate, parseCertificates } from '../../src/crypto/certificate.ts';
import { parseCsr } from '../../src/crypto/csr.ts';
import { children, decodeString, MAX_DER_DEPTH, parseDer, readTlv, seq, set, TAG, tlv } from '../../src/crypto/der.ts';
import { oid } from '../../src/crypto/der-writer.ts';
import { importPrivateKey, importPublicKey } from '../../src/crypto/keys.ts';
import { pemDecode } from '../../src/crypto/pem.ts';
import { openPkcs12 } from '../../src/crypto/pkcs12/index.ts';
import { parsePkcs7 } from '../../src/crypto/pkcs7.ts';
import * as entry from '../../src/crypto/index.ts';
import { isCryptoError } from '../../src/errors.ts';
import { type OpenSsl, openssl } from './openssl.ts';
import { makePki, type TestPki } from './pki.ts';

let o: OpenSsl;
let pki: TestPki;
beforeAll(() => {
  o = openssl();
  pki = makePki(o);
});
afterAll(() => o.cleanup());

/** The reason of the error `fn` throws or rejects with; fails the test when it is not a CryptoError. */
async function reasonOf(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (e) {
    expect(isCryptoError(e), String(e)).toBe(true);
    return (e as { reason: string }).reason;
  }
  return 'accepted';
}

/** The leaf certificate with TBSCertificate field `index` (0 = [0] version) replaced by `raw`. */
function withTbsField(index: number, raw: Uint8Array): Uint8Array {
  const [tbs, alg, sig] = children(parseDer(parseCertificate(pki.leaf).der));
  return seq(seq(...children(tbs!).map((p, i) => (i === index ? raw : p.raw))), alg!.raw, sig!.raw);
}

const SUBJECT = 5;
const VALIDITY = 4;
const cn = (value: Uint8Array): Uint8Array => seq(set(seq(oid('2.5.4.3'), value)));
const utc = (s: string): Uint8Array => tlv(TAG.UTC_TIME, new TextEncoder().encode(s));

describe('untyped crashes of the DER reader are CryptoErrors', () => {
  it('a UniversalString above U+10FFFF in a Name is MALFORMED (was RangeError: Invalid code point)', async () => {
    const bad = withTbsField(SUBJECT, cn(tlv(TAG.UNIVERSAL, new Uint8Array([0x00, 0x11, 0x00, 0x00]))));
    expect(await reasonOf(() => parseCertificate(bad))).toBe('MALFORMED');
    const good = withTbsField(SUBJECT, cn(tlv(TAG.UNIVERSAL, new Uint8Array([0, 1, 0xf6, 0x00, 0, 0, 0, 0x41]))));
    expect(parseCertificate(good).subject.CN).toBe('😀A');
  });

  it('surrogates and torn characters in BMPString and UniversalString are MALFORMED', async () => {
    for (const [tag, bytes] of [
      [TAG.BMP, [0xd8, 0x3d, 0xde, 0x00]],
      [TAG.BMP, [0x00, 0x41, 0x00]],
      [TAG.UNIVERSAL, [0x00, 0x00, 0xdc, 0x00]],
      [TAG.UNIVERSAL, [0x00, 0x00, 0x00]],
      [TAG.UNIVERSAL, [0xff, 0xff, 0xff, 0xff]],
    ] as const) {
      const node = { tag, value: new Uint8Array(bytes) };
      expect(await reasonOf(() => decodeString(node))).toBe('MALFORMED');
      expect(await reasonOf(() => parseCertificate(withTbsField(SUBJECT, cn(tlv(tag, node.value)))))).toBe('MALFORMED');
    }
    expect(decodeString({ tag: TAG.BMP, value: new Uint8Array([0x00, 0xe9, 0x4e, 0x2d]) })).toBe('é中');
  });

  it('a Validity with fewer than two times, or more, is MALFORMED (was TypeError reading value)', async () => {
    for (const validity of [
      seq(),
      seq(utc('250101000000Z')),
      seq(utc('250101000000Z'), utc('260101000000Z'), utc('270101000000Z')),
    ]) {
      expect(await reasonOf(() => parseCertificate(withTbsField(VALIDITY, validity)))).toBe('MALFORMED');
    }
    expect(parseCertificate(withTbsField(VALIDITY, seq(utc('250101000000Z'), utc('260101000000Z')))).notAfter).toEqual(
      new Date('2026-01-01T00:00:00Z'),
    );
  });

  it('100,000 nested indefinite-length SEQUENCEs are MALFORMED in every parser (was a stack overflow)', async () => {
    const deep = new Uint8Array(400_000);
    for (let i = 0; i < 100_000; i++) deep.set([0x30, 0x80], 2 * i);
    for (const parse of [
      () => parseCertificate(deep),
      () => parseCertificates(deep),
      () => parsePkcs7(deep),
      () => parseCsr(deep),
      () => openPkcs12(deep, 'pw'),
      () => importPrivateKey(deep),
      () => importPublicKey(deep),
    ]) {
      expect(await reasonOf(parse)).toBe('MALFORMED');
    }
  });

  it('one nesting limit for the whole DER layer: MAX_DER_DEPTH levels read, one more refused', async () => {
    const nest = (levels: number, indefinite: boolean): Uint8Array => {
      let inner: Uint8Array = new Uint8Array([0x05, 0x00]);
      for (let i = 0; i < levels; i++) {
        inner = indefinite ? new Uint8Array([0x30, 0x80, ...inner, 0, 0]) : seq(inner);
      }
      return inner;
    };
    const walk = (bytes: Uint8Array): void => {
      let node = parseDer(bytes);
      while (node.tag === 0x30) node = children(node)[0]!;
    };
    for (const indefinite of [false, true]) {
      expect(() => walk(nest(MAX_DER_DEPTH, indefinite))).not.toThrow();
      expect(await reasonOf(() => walk(nest(MAX_DER_DEPTH + 1, indefinite)))).toBe('MALFORMED');
    }
    expect(await reasonOf(() => readTlv(new Uint8Array([0x30]), 0))).toBe('MALFORMED');
  });

  it('CryptoError and isCryptoError come from globalsign-kit/crypto too', () => {
    const e = (() => {
      try {
        entry.parseCertificate('not a certificate');
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(entry.CryptoError);
    expect(entry.isCryptoError(e) && e.reason).toBe('MALFORMED');
  });

  it('errors keep their context: the one DER reader says DER, openPkcs12 says PKCS#12', async () => {
    const truncated = new Uint8Array([0x30, 0x05, 0x02, 0x01]);
    expect(() => parseDer(truncated)).toThrow(/^malformed DER: /);
    const e = await openPkcs12(truncated, 'pw').catch((err: unknown) => err);
    expect(isCryptoError(e) && e.message).toMatch(/^malformed PKCS#12: /);
  });

  it('an INTEGER where a time belongs is MALFORMED, not a date', async () => {
    const asInteger = tlv(TAG.INTEGER, new TextEncoder().encode('250101000000Z'));
    expect(await reasonOf(() => parseCertificate(withTbsField(VALIDITY, seq(asInteger, utc('260101000000Z')))))).toBe(
      'MALFORMED',
    );
  });
});

describe('PEM scanning', () => {
  it('20,000 BEGIN lines without END: linear scan, and a CryptoError rather than []', async () => {
    const text = '-----BEGIN CERTIFICATE-----\nAAAA\n'.repeat(20_000);
    expect(pemDecode(text)).toEqual([]);
    expect(await reasonOf(() => parseCertificates(text))).toBe('MALFORMED');
    expect(await reasonOf(() => parseCertificate(text))).toBe('MALFORMED');
    // 20,000 distinct labels cost one pass too.
    const labels = Array.from({ length: 20_000 }, (_, i) => `-----BEGIN L${i}-----\n`).join('');
    expect(pemDecode(labels)).toEqual([]);
  });

  it('text with PEM blocks but no certificate among them is a CryptoError naming what it found', async () => {
    const key = pki.leafKey;
    expect(await reasonOf(() => parseCertificates(key))).toBe('MALFORMED');
    expect(() => parseCertificates(key)).toThrow(/found: PRIVATE KEY/);
  });

  it('blocks are read in order, a BEGIN inside a block is body, unmatched labels are skipped', () => {
    const bundle = `junk\n-----BEGIN X-----\n${pki.leaf}-----END X-----\n${pki.root}-----BEGIN CERTIFICATE-----\n`;
    expect(pemDecode(bundle).map((b) => b.label)).toEqual(['X', 'CERTIFICATE']); // X's body holds the leaf; the last BEGIN has no END
    const ok = `${pki.leaf}-----BEGIN Y-----\nAAAA\n${pki.root}`;
    const blocks = pemDecode(ok);
    expect(blocks.map((b) => b.label)).toEqual(['CERTIFICATE', 'CERTIFICATE']);
    expect(parseCertificates(ok).map((c) => c.der)).toEqual([
      parseCertificate(pki.leaf).der,
      parseCertificate(pki.root).der,
    ]);
  });
});
