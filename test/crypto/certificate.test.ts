import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCryptoError } from '../../src/errors.ts';
import { toBase64 } from '../../src/crypto/bytes.ts';
import { type Certificate, parseCertificate, parseCertificates } from '../../src/crypto/certificate.ts';
import { certificateMatchesKey, orderChain } from '../../src/crypto/chain.ts';
import { generateKeyPair, importPrivateKey } from '../../src/crypto/keys.ts';
import { type OpenSsl, openssl } from './openssl.ts';
import { makePki, type TestPki } from './pki.ts';

let o: OpenSsl;
let pki: TestPki;

beforeAll(() => {
  o = openssl();
  pki = makePki(o);
});
afterAll(() => o.cleanup());

const field = (text: string, name: string): string => new RegExp(`${name}=(.*)`).exec(text)![1]!.trim();

describe('parseCertificate', () => {
  for (const which of ['root', 'intermediate', 'leaf'] as const) {
    it(`${which}: serial, fingerprints, names and dates agree with openssl x509`, async () => {
      const pem = pki[which];
      const cert = parseCertificate(pem);
      const out = o.run(['x509', '-noout', '-serial', '-subject', '-issuer', '-dates', '-dateopt', 'iso_8601'], pem);
      expect(cert.serialNumber).toBe(field(out, 'serial').toLowerCase());
      const sha256 = o.run(['x509', '-noout', '-fingerprint', '-sha256'], pem);
      const sha1 = o.run(['x509', '-noout', '-fingerprint', '-sha1'], pem);
      const hex = (s: string): string => s.split('=')[1]!.trim().replace(/:/g, '').toLowerCase();
      expect(await cert.fingerprints()).toEqual({ sha1: hex(sha1), sha256: hex(sha256) });
      expect(await cert.fingerprint()).toBe(hex(sha256));
      expect(cert.subjectString).toBe(field(out, 'subject').replace(/ = /g, '='));
      expect(cert.issuerString).toBe(field(out, 'issuer').replace(/ = /g, '='));
      expect(cert.notBefore.toISOString().replace('.000', '')).toBe(field(out, 'notBefore').replace(' ', 'T'));
      expect(cert.notAfter.toISOString().replace('.000', '')).toBe(field(out, 'notAfter').replace(' ', 'T'));
      expect(cert.der).toEqual(new Uint8Array(o.runBytes(['x509', '-outform', 'DER'], pem)));
      expect(cert.pem).toBe(pem);
      expect(cert.version).toBe(3);
    });
  }

  it('reads the leaf extensions: SANs, key usage, EKU with friendly names, CA flag, key ids', () => {
    const leaf = parseCertificate(pki.leaf);
    const int = parseCertificate(pki.intermediate);
    expect(leaf.serialNumber).toBe('80f1e2d3c4b5a69788796a5b4c3d2e1f');
    expect(leaf.subject).toMatchObject({
      CN: 'www.example.com',
      O: 'Example Ltd',
      OU: ['Web', 'Ops'],
      ST: 'London',
      C: 'GB',
    });
    expect(leaf.issuer).toMatchObject({ CN: 'Test Issuing CA R2', O: 'Test Trust', OU: [] });
    expect(leaf.sans).toEqual([
      { type: 'dns', value: 'www.example.com' },
      { type: 'dns', value: 'example.com' },
      { type: 'ip', value: '192.0.2.7' },
      { type: 'ip', value: '2001:db8::7' },
      { type: 'email', value: 'ops@example.com' },
    ]);
    expect(leaf.keyUsage).toEqual(['digitalSignature', 'keyAgreement']);
    expect(leaf.extendedKeyUsage).toEqual(['serverAuth', 'clientAuth', '1.3.6.1.4.1.99999.1']);
    expect(leaf.extendedKeyUsageOids).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2', '1.3.6.1.4.1.99999.1']);
    expect(leaf.isCA).toBe(false);
    expect(int.isCA).toBe(true);
    expect(int.pathLength).toBe(0);
    expect(int.keyUsage).toEqual(['keyCertSign', 'cRLSign']);
    expect(leaf.authorityKeyIdentifier).toBe(int.subjectKeyIdentifier);
    const skiText = o.run(['x509', '-noout', '-ext', 'subjectKeyIdentifier'], pki.intermediate);
    expect(int.subjectKeyIdentifier).toBe(skiText.split('\n')[1]!.trim().replace(/:/g, '').toLowerCase());
    expect(leaf.publicKey).toEqual({ type: 'EC', curve: 'P-256', compressed: false });
    expect(int.publicKey).toEqual({ type: 'RSA', bits: 2048, publicExponent: 65537n });
    expect(leaf.signatureAlgorithm).toBe('sha256WithRSAEncryption');
    expect(int.signatureAlgorithm).toBe('ecdsa-with-SHA256');
    expect(leaf.spkiDer).toEqual(new Uint8Array(o.runBytes(['pkey', '-pubout', '-outform', 'DER'], pki.leafKey)));
  });

  it('accepts DER, bare base64 with &#xD;, CRLF PEM, bytes of PEM, and the first of several PEM blocks', () => {
    const der = parseCertificate(pki.leaf).der;
    const b64 = toBase64(der).replace(/(.{64})/g, '$1&#xD;\n');
    for (const input of [
      der,
      der.slice().buffer,
      b64,
      pki.leaf.replace(/\n/g, '\r\n'),
      new TextEncoder().encode(pki.leaf),
      pki.leaf + pki.root,
    ]) {
      expect(parseCertificate(input).der).toEqual(der);
    }
  });

  it('throws CryptoError MALFORMED on garbage and truncated input', () => {
    const der = parseCertificate(pki.leaf).der;
    for (const bad of ['not a certificate', der.subarray(0, 100), '-----BEGIN PKCS7-----\nMAA=\n-----END PKCS7-----']) {
      let err: unknown;
      try {
        parseCertificate(bad);
      } catch (e) {
        err = e;
      }
      expect(isCryptoError(err) && err.reason).toBe('MALFORMED');
    }
  });

  it('verifies signatures across key types', async () => {
    const [root, int, leaf] = [pki.root, pki.intermediate, pki.leaf].map((p) => parseCertificate(p)) as [
      Certificate,
      Certificate,
      Certificate,
    ];
    expect(await leaf.verifySignature(int)).toBe(true);
    expect(await int.verifySignature(root)).toBe(true);
    expect(await root.verifySignature(root)).toBe(true);
    expect(await leaf.verifySignature(root)).toBe(false);
  });
});

describe('parseCertificates and orderChain', () => {
  it('reads a PEM bundle in order and orders a shuffled set leaf first, root last, unrelated left out', () => {
    const bundle = [pki.unrelated, pki.root, pki.leaf, pki.intermediate, pki.leaf].join('\r\n');
    const certs = parseCertificates(bundle);
    expect(certs).toHaveLength(5);
    const names = (list: Certificate[]): (string | undefined)[] => list.map((c) => c.subject.CN);
    expect(names(orderChain(certs))).toEqual(['www.example.com', 'Test Issuing CA R2', 'Test Root CA']);
    expect(names(orderChain([pki.intermediate, pki.leaf]))).toEqual(['www.example.com', 'Test Issuing CA R2']);
    expect(names(orderChain([pki.root, pki.intermediate]))).toEqual(['Test Issuing CA R2', 'Test Root CA']);
    expect(names(orderChain([pki.unrelated]))).toEqual(['Unrelated Root']);
    expect(orderChain([])).toEqual([]);
  });
});

describe('certificateMatchesKey', () => {
  it('matches by PKCS#8 PEM/DER, SPKI, public and private CryptoKeys (non-extractable included)', async () => {
    const leaf = parseCertificate(pki.leaf);
    const der = new Uint8Array(o.runBytes(['pkey', '-outform', 'DER'], pki.leafKey));
    const spkiPem = o.run(['pkey', '-pubout'], pki.leafKey);
    expect(await certificateMatchesKey(leaf, pki.leafKey)).toBe(true);
    expect(await certificateMatchesKey(pki.leaf, der)).toBe(true);
    expect(await certificateMatchesKey(leaf, spkiPem)).toBe(true);
    expect(await certificateMatchesKey(leaf, leaf.spkiDer)).toBe(true);
    const locked = await importPrivateKey(pki.leafKey);
    expect(locked.extractable).toBe(false);
    expect(await certificateMatchesKey(leaf, locked)).toBe(true);
    expect(await certificateMatchesKey(leaf, await importPrivateKey(pki.leafKey, { extractable: true }))).toBe(true);
    expect(await certificateMatchesKey(leaf, pki.rootKey)).toBe(false);
    expect(await certificateMatchesKey(leaf, await importPrivateKey(pki.rootKey))).toBe(false);
    const other = await generateKeyPair('RSA-2048');
    expect(await certificateMatchesKey(leaf, other)).toBe(false);
    expect(await certificateMatchesKey(leaf, other.privateKey)).toBe(false);
  });
});
