import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCryptoError } from '../../src/errors.ts';
import {
  describeKey,
  exportPrivateKey,
  exportPublicKey,
  generateKeyPair,
  importPrivateKey,
  importPublicKey,
  type KeyPairInfo,
  publicKeySpki,
  spkiFingerprint,
} from '../../src/crypto/keys.ts';
import { type OpenSsl, openssl } from './openssl.ts';

let ossl: OpenSsl;
let rsa: KeyPairInfo;
let ec: KeyPairInfo;

beforeAll(async () => {
  ossl = openssl();
  [rsa, ec] = await Promise.all([
    generateKeyPair('RSA-2048', { extractable: true }),
    generateKeyPair('P-256', { extractable: true }),
  ]);
});
afterAll(() => ossl.cleanup());

describe('generateKeyPair', () => {
  it('makes each algorithm with the right parameters', async () => {
    const p384 = await generateKeyPair('P-384');
    expect(p384.algorithm).toBe('P-384');
    expect(describeKey(p384.privateKey)).toEqual({ type: 'EC', curve: 'P-384' });
    expect(describeKey(ec.publicKey)).toEqual({ type: 'EC', curve: 'P-256' });
    expect(describeKey(rsa.publicKey)).toEqual({ type: 'RSA', bits: 2048, publicExponent: 65537n });
    expect((rsa.privateKey.algorithm as RsaHashedKeyAlgorithm).hash.name).toBe('SHA-256');
    expect(rsa.privateKey.usages).toEqual(['sign']);
    expect(rsa.publicKey.usages).toEqual(['verify']);
  });

  it('makes RSA-3072 and RSA-4096', async () => {
    const [k3, k4] = await Promise.all([generateKeyPair('RSA-3072'), generateKeyPair('RSA-4096')]);
    expect(describeKey(k3.publicKey)).toMatchObject({ bits: 3072 });
    expect(describeKey(k4.privateKey)).toMatchObject({ bits: 4096, publicExponent: 65537n });
  });

  it('keeps the private key non-extractable unless asked, the public key always extractable', async () => {
    const keys = await generateKeyPair('P-256');
    expect(keys.privateKey.extractable).toBe(false);
    expect(keys.publicKey.extractable).toBe(true);
    await expect(crypto.subtle.exportKey('pkcs8', keys.privateKey)).rejects.toThrow();
    await expect(crypto.subtle.exportKey('jwk', keys.privateKey)).rejects.toThrow();
    const err = await exportPrivateKey(keys.privateKey, 'pem').catch((e: unknown) => e);
    expect(isCryptoError(err) && err.reason).toBe('NOT_EXTRACTABLE');
    expect(await exportPublicKey(keys.publicKey, 'pem')).toContain('BEGIN PUBLIC KEY');
    await expect(importPrivateKey(await exportPrivateKey(ec.privateKey, 'der'))).resolves.toMatchObject({
      extractable: false,
    });
  });

  it('rejects an unknown algorithm name', async () => {
    await expect(generateKeyPair('RSA-1024' as never)).rejects.toThrow(/unsupported key algorithm/);
  });
});

describe('export and import', () => {
  for (const name of ['rsa', 'ec'] as const) {
    it(`${name}: PKCS#8 and SPKI PEM are read by openssl, and round-trip PEM and DER`, async () => {
      const keys = name === 'rsa' ? rsa : ec;
      const pem = await exportPrivateKey(keys.privateKey, 'pem');
      const der = await exportPrivateKey(keys.privateKey, 'der');
      const text = ossl.run(['pkey', '-noout', '-text'], pem);
      expect(text).toMatch(name === 'rsa' ? /Private-Key: \(2048 bit/ : /NIST CURVE: P-256/);
      const pubPem = await exportPublicKey(keys.publicKey, 'pem');
      const fromOpenssl = ossl.run(['pkey', '-pubout'], pem);
      expect(pubPem).toBe(fromOpenssl);
      for (const input of [pem, der, pem.replace(/\n/g, '\r\n')]) {
        const back = await importPrivateKey(input, { extractable: true });
        expect(await exportPrivateKey(back, 'der')).toEqual(der);
      }
      const pub = await importPublicKey(pubPem);
      expect(await exportPublicKey(pub, 'der')).toEqual(await exportPublicKey(keys.publicKey, 'der'));
      expect(await publicKeySpki(keys.privateKey)).toEqual(await exportPublicKey(keys.publicKey, 'der'));
    });
  }

  it('imports keys made by openssl: PKCS#8 RSA and P-384, PKCS#1 RSA PRIVATE KEY, SEC1 EC PRIVATE KEY', async () => {
    const rsaPkcs8 = ossl.run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']);
    const ecPkcs8 = ossl.run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384']);
    const pkcs1 = ossl.run(['pkey', '-traditional'], rsaPkcs8);
    const sec1 = ossl.run(['ec'], ecPkcs8);
    expect(pkcs1).toContain('BEGIN RSA PRIVATE KEY');
    expect(sec1).toContain('BEGIN EC PRIVATE KEY');
    const a = await importPrivateKey(rsaPkcs8, { extractable: true });
    const b = await importPrivateKey(pkcs1, { extractable: true });
    expect(describeKey(a)).toEqual({ type: 'RSA', bits: 2048, publicExponent: 65537n });
    expect(await publicKeySpki(b)).toEqual(await publicKeySpki(a));
    const c = await importPrivateKey(ecPkcs8);
    const d = await importPrivateKey(sec1, { extractable: true });
    expect(describeKey(c)).toEqual({ type: 'EC', curve: 'P-384' });
    const spkiDer = ossl.runBytes(['pkey', '-pubout', '-outform', 'DER'], ecPkcs8);
    expect(await publicKeySpki(d)).toEqual(spkiDer);
  });

  it('refuses keys it cannot use with a CryptoError naming the algorithm', async () => {
    const ed = ossl.run(['genpkey', '-algorithm', 'ED25519']);
    const err = await importPrivateKey(ed).catch((e: unknown) => e);
    expect(isCryptoError(err) && err.oid).toBe('1.3.101.112');
    await expect(importPrivateKey('-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n')).rejects.toThrow(
      /PRIVATE KEY/,
    );
  });
});

describe('spkiFingerprint', () => {
  it('is the SHA-256 of the SPKI DER that openssl exports, for public, private and pair inputs', async () => {
    const pem = await exportPrivateKey(rsa.privateKey, 'pem');
    const spki = ossl.runBytes(['pkey', '-pubout', '-outform', 'DER'], pem);
    const expected = createHash('sha256').update(spki).digest('hex');
    expect(await spkiFingerprint(rsa.publicKey)).toBe(expected);
    expect(await spkiFingerprint(rsa)).toBe(expected);
    expect(await spkiFingerprint(rsa.privateKey)).toBe(expected);
    expect(await spkiFingerprint(spki)).toBe(expected);
    expect(await spkiFingerprint(ec)).not.toBe(expected);
  });
});
