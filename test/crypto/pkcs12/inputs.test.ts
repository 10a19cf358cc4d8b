// createPkcs12's inputs (issue 14 item 1): every certificate input (PEM text or bytes, DER, base64, bundles,
// parsed certificates) is parsed as X.509 or refused with a CryptoError naming it; the key likewise. The
// reproduction: a chain file's PEM bytes were embedded as if they were DER and OpenSSL 3 could not read the file.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate, parseCertificates } from '../../../src/crypto/certificate.ts';
import { createPkcs12, openPkcs12 } from '../../../src/crypto/pkcs12/index.ts';
import { isCryptoError, isValidationError } from '../../../src/errors.ts';
import { makePki, type Ossl, opensslExtract, ossl, type Pki, spkiOfKey } from './helpers.ts';

let o: Ossl;
let pki: Pki;
let text: (name: string) => string;
beforeAll(() => {
  o = ossl();
  pki = makePki(o);
  text = (name) => readFileSync(o.path(name), 'utf8');
});
afterAll(() => o.cleanup());

const PW = 'inputs-pw';
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const base = { password: PW, iterations: 2048 };

async function refusal(p: Promise<unknown>): Promise<{ reason: string; message: string }> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(isCryptoError(e), String(e)).toBe(true);
  return e as { reason: string; message: string };
}

describe('createPkcs12 certificate inputs', () => {
  it('the reproduction: key file, leaf file and chain bundle as read from disk → a file OpenSSL 3 reads, chain in order', async () => {
    o.write('chain.pem', text('int.pem') + text('root.pem'));
    const p12 = await createPkcs12({
      ...base,
      key: o.read('rsa.key'),
      certificates: [o.read('rsa.pem'), o.read('chain.pem')],
    });
    const ref = opensslExtract(o, o.write('repro.p12', p12), PW, false);
    expect(ref.certs).toEqual([pki.rsaLeaf, pki.intermediate, pki.root]);
    expect(ref.keys).toEqual([pki.rsaPkcs8]);
  });

  it('every shape of a certificate is read as the same certificate', async () => {
    const leafPem = text('rsa.pem');
    const shapes: [string, unknown][] = [
      ['PEM text', leafPem],
      ['PEM text with CRLF', leafPem.replace(/\n/g, '\r\n')],
      ['PEM bytes', utf8(leafPem)],
      ['DER bytes', pki.rsaLeaf],
      ['DER ArrayBuffer', pki.rsaLeaf.slice().buffer],
      ['DER DataView', new DataView(pki.rsaLeaf.slice().buffer)],
      ['base64 text', Buffer.from(pki.rsaLeaf).toString('base64')],
      ['Certificate', parseCertificate(leafPem)],
      ['{ der }', { der: pki.rsaLeaf }],
    ];
    for (const [, shape] of shapes) {
      const p12 = await createPkcs12({ ...base, key: pki.rsaPkcs8, certificates: [shape as Uint8Array] });
      const back = await openPkcs12(p12, PW);
      expect(back.certificates.map((c) => c.der)).toEqual([pki.rsaLeaf]);
    }
  });

  it('a bundle expands in order, the leaf goes first, exact duplicates are dropped', async () => {
    const bundle = text('int.pem') + text('root.pem') + text('rsa.pem');
    const p12 = await createPkcs12({
      ...base,
      key: pki.rsaPkcs8,
      certificates: [bundle, pki.intermediate, text('rsa.pem')],
    });
    const back = await openPkcs12(p12, PW);
    expect(back.certificates.map((c) => c.der)).toEqual([pki.rsaLeaf, pki.intermediate, pki.root]);
    expect(parseCertificates(bundle)).toHaveLength(3);
  });

  it('what is not a certificate is refused, naming the input', async () => {
    const cases: [unknown, RegExp][] = [
      [text('rsa.key'), /^certificates\[1\] is not a certificate: no CERTIFICATE PEM block \(found: PRIVATE KEY\)$/],
      [{ der: utf8(text('int.pem')) }, /^certificates\[1\] is PEM text but was given as DER/],
      [new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05]), /^certificates\[1\] is not a certificate \(malformed DER/],
      [
        o.read('rsa.csr'),
        /^certificates\[1\] is not a certificate: no CERTIFICATE PEM block \(found: CERTIFICATE REQUEST\)/,
      ],
      ['not base64 at all!', /^certificates\[1\] is neither PEM nor base64 DER/],
      [
        `${text('int.pem')}-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n`,
        /^certificates\[1\] \(PEM block 2\) is not a certificate/,
      ],
      [
        utf8('-----BEGIN CERTIFICATE-----\n'),
        /^certificates\[1\] is not a certificate: no CERTIFICATE PEM block \(found: no complete block\)/,
      ],
    ];
    for (const [input, message] of cases) {
      const e = await refusal(
        createPkcs12({ ...base, key: pki.rsaPkcs8, certificates: [pki.rsaLeaf, input as string] }),
      );
      expect(e.reason).toBe('MALFORMED');
      expect(e.message).toMatch(message);
    }
    const wrongType = await createPkcs12({
      ...base,
      key: pki.rsaPkcs8,
      certificates: [pki.rsaLeaf, 42 as never],
    }).catch((e: unknown) => e);
    expect(isValidationError(wrongType) && wrongType.field).toBe('certificates.1');
  });
});

describe('createPkcs12 key inputs', () => {
  it('PKCS#8, PKCS#1 and SEC1 keys, as PEM text, PEM bytes or DER, all work', async () => {
    o.run(['pkey', '-in', 'rsa.key', '-traditional', '-out', 'rsa1.pem']);
    o.run(['ec', '-in', 'ec.key', '-out', 'sec1.pem']);
    expect(text('rsa1.pem')).toContain('BEGIN RSA PRIVATE KEY');
    expect(text('sec1.pem')).toContain('BEGIN EC PRIVATE KEY');
    const cases: [unknown, Uint8Array, Uint8Array][] = [
      [text('rsa.key'), pki.rsaLeaf, pki.rsaPkcs8],
      [o.read('rsa.key'), pki.rsaLeaf, pki.rsaPkcs8],
      [pki.rsaPkcs8, pki.rsaLeaf, pki.rsaPkcs8],
      [text('rsa1.pem'), pki.rsaLeaf, pki.rsaPkcs8],
      [o.read('sec1.pem'), pki.ecLeaf, pki.ecPkcs8],
    ];
    for (const [key, leaf, pkcs8] of cases) {
      const back = await openPkcs12(await createPkcs12({ ...base, key: key as string, certificates: [leaf] }), PW);
      expect(back.keys[0]!.certificate?.der).toEqual(leaf);
      // PKCS#1 and SEC1 keys are wrapped into PKCS#8; node:crypto sees the same key.
      expect(spkiOfKey(back.keys[0]!.pkcs8).equals(spkiOfKey(pkcs8))).toBe(true);
    }
  });

  it('what is not a private key is refused, naming the key', async () => {
    for (const key of [text('rsa.pem'), pki.rsaLeaf, utf8('hello')]) {
      const e = await refusal(createPkcs12({ ...base, key: key as string, certificates: [pki.rsaLeaf] }));
      expect(e.reason).toBe('MALFORMED');
      expect(e.message).toMatch(/^key is not a private key/);
    }
  });
});
