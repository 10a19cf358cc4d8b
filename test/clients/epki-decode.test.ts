import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EpkiClient } from '../../src/clients/epki.ts';
import { type OpenSsl, openssl } from '../crypto/openssl.ts';
import { makePki, type TestPki } from '../crypto/pki.ts';

// A real chain made by the openssl CLI (EC root, RSA intermediate, EC leaf): the decode helper must accept the forms
// the EPKI service uses for CERT / Certificate / PKCS7Cert.
let o: OpenSsl;
let pki: TestPki;
let leafSerial: string;

beforeAll(() => {
  o = openssl('gsk-epki-decode-');
  pki = makePki(o);
  leafSerial = o.run(['x509', '-in', 'leaf.pem', '-noout', '-serial']).trim().split('=')[1]!.toLowerCase();
});
afterAll(() => o.cleanup());

const b64 = (pem: string): string => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
const crlf = (pem: string): string => pem.replace(/\r?\n/g, '\r\n');

describe('EpkiClient.decodeCertificate', () => {
  it('reads one X.509 certificate as PEM with CRLF, bare base64 and DER', () => {
    const der = new Uint8Array(o.runBytes(['x509', '-in', 'leaf.pem', '-outform', 'DER']));
    for (const input of [crlf(pki.leaf), b64(pki.leaf), der]) {
      const { certificate, chain } = EpkiClient.decodeCertificate(input);
      expect(certificate.serialNumber.toLowerCase().replace(/^0+/, '')).toBe(leafSerial.replace(/^0+/, ''));
      expect(chain).toHaveLength(0);
    }
  });

  it('reads a PKCS#7 bundle (PEM and base64), leaf first, issuers after, whatever the bundle order', () => {
    o.write('bundle.pem', pki.root + pki.leaf + pki.intermediate);
    const p7 = o.run(['crl2pkcs7', '-nocrl', '-certfile', 'bundle.pem']);
    for (const input of [crlf(p7), b64(p7)]) {
      const { certificate, chain } = EpkiClient.decodeCertificate(input);
      expect(certificate.serialNumber.toLowerCase().replace(/^0+/, '')).toBe(leafSerial.replace(/^0+/, ''));
      expect(chain).toHaveLength(2);
      expect(chain[0]?.subject).toEqual(certificate.issuer);
      expect(chain[1]?.issuer).toEqual(chain[1]?.subject);
    }
  });

  it('reads a PEM bundle of several CERTIFICATE blocks', () => {
    const { chain } = EpkiClient.decodeCertificate(pki.intermediate + pki.leaf);
    expect(chain).toHaveLength(1);
  });

  it('refuses garbage with a typed error', () => {
    expect(() => EpkiClient.decodeCertificate('not a certificate')).toThrow();
  });
});

describe('EpkiClient.openPkcs12', () => {
  it('opens BASE64PKCS12 with the generated PKCS12Password (openssl-made file)', async () => {
    o.write('leaf.key', pki.leafKey);
    const p12 = o.runBytes([
      'pkcs12',
      '-export',
      '-inkey',
      'leaf.key',
      '-in',
      'leaf.pem',
      '-passout',
      'pass:Gen3rated!Pw',
    ]);
    const BASE64PKCS12 = Buffer.from(p12).toString('base64');
    const contents = await EpkiClient.openPkcs12({ BASE64PKCS12, PKCS12Password: 'Gen3rated!Pw' });
    expect(contents.keys).toHaveLength(1);
    expect(contents.certificates).toHaveLength(1);
    await expect(EpkiClient.openPkcs12({ BASE64PKCS12 }, 'wrong-password')).rejects.toThrow();
  });
});
