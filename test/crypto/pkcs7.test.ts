import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCryptoError } from '../../src/errors.ts';
import { concatBytes, toBase64 } from '../../src/crypto/bytes.ts';
import { parseCertificate, parseCertificates } from '../../src/crypto/certificate.ts';
import { children, parseDer } from '../../src/crypto/der.ts';
import { createPkcs7, parsePkcs7 } from '../../src/crypto/pkcs7.ts';
import { type OpenSsl, openssl } from './openssl.ts';
import { makePki, type TestPki } from './pki.ts';

let o: OpenSsl;
let pki: TestPki;

beforeAll(() => {
  o = openssl();
  pki = makePki(o);
});
afterAll(() => o.cleanup());

const ders = (pems: string[]): Uint8Array[] => pems.map((p) => parseCertificate(p).der);

/** Re-encodes the two outer constructed layers (ContentInfo and its [0]) with BER indefinite lengths. */
function toIndefinite(der: Uint8Array): Uint8Array {
  const [type, content] = children(parseDer(der));
  const inner = content!.value;
  const eoc = new Uint8Array([0, 0]);
  return concatBytes(new Uint8Array([0x30, 0x80]), type!.raw, new Uint8Array([0xa0, 0x80]), inner, eoc, eoc);
}

describe('parsePkcs7', () => {
  it('reads a bundle made by openssl crl2pkcs7, as PEM, CRLF/&#xD; PEM, DER, base64 and BER', async () => {
    o.write('bundle.pem', pki.leaf + pki.intermediate + pki.root);
    const pem = o.run(['crl2pkcs7', '-nocrl', '-certfile', 'bundle.pem']);
    expect(pem).toContain('-----BEGIN PKCS7-----');
    const der = new Uint8Array(o.runBytes(['pkcs7', '-outform', 'DER'], pem));
    const expected = ders([pki.leaf, pki.intermediate, pki.root]);
    const inputs = [
      pem,
      pem.replace(/\n/g, '&#xD;\n'),
      pem.replace(/\n/g, '\r\n'),
      der,
      toBase64(der),
      toIndefinite(der),
    ];
    for (const input of inputs) expect(parsePkcs7(input).map((c) => c.der)).toEqual(expected);
    const [leaf] = parsePkcs7(pem);
    expect(await leaf!.fingerprint()).toBe(await parseCertificate(pki.leaf).fingerprint());
  });

  it('returns [] for a SignedData without certificates and refuses other content types', () => {
    expect(parsePkcs7(createPkcs7([]).der)).toEqual([]);
    // An enveloped-data-like ContentInfo: id-data wrapped, not SignedData.
    const notSigned = new Uint8Array([0x30, 0x0b, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01]);
    let err: unknown;
    try {
      parsePkcs7(notSigned);
    } catch (e) {
      err = e;
    }
    expect(isCryptoError(err) && err.oid).toBe('1.2.840.113549.1.7.1');
  });
});

describe('createPkcs7', () => {
  it('writes a certs-only bundle that openssl prints back certificate by certificate', () => {
    const p7 = createPkcs7([pki.leaf, parseCertificate(pki.intermediate), ders([pki.root])[0]!]);
    expect(p7.pem).toContain('-----BEGIN PKCS7-----');
    const printed = o.run(['pkcs7', '-print_certs'], p7.pem);
    expect(parseCertificates(printed).map((c) => c.der)).toEqual(ders([pki.leaf, pki.intermediate, pki.root]));
    const fromDer = o.run(['pkcs7', '-inform', 'DER', '-print_certs', '-noout'], p7.der);
    expect(fromDer).toMatch(/subject=C = GB, ST = London, O = Example Ltd, OU = Web, OU = Ops, CN = www.example.com/);
    expect(parsePkcs7(p7.pem).map((c) => c.der)).toEqual(ders([pki.leaf, pki.intermediate, pki.root]));
  });

  it('is byte-identical to openssl crl2pkcs7 -nocrl for the same certificates', () => {
    o.write('two.pem', pki.leaf + pki.intermediate);
    const theirs = new Uint8Array(o.runBytes(['crl2pkcs7', '-nocrl', '-certfile', 'two.pem', '-outform', 'DER']));
    expect(createPkcs7([pki.leaf, pki.intermediate]).der).toEqual(theirs);
  });
});
