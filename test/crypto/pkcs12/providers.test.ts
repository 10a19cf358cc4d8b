// WebCrypto provider injection: a Chromium-like provider without AES-192 (the pure AES takes over), and
// @peculiar/webcrypto as a second, independent provider.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Crypto as PeculiarCrypto } from '@peculiar/webcrypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPkcs12, openPkcs12 } from '../../../src/crypto/pkcs12/index.ts';
import { FIXTURES, makePki, type Ossl, opensslExtract, ossl, type Pki, sortedHex } from './helpers.ts';

interface Counts {
  refusedAes192: number;
  aesDecrypts: number;
  deriveBits: number;
}

/** Wraps a provider; when `noAes192`, AES importKey of a 24-byte key fails as in Chromium. */
function instrumented(base: Crypto, noAes192: boolean): { crypto: Crypto; counts: Counts } {
  const counts: Counts = { refusedAes192: 0, aesDecrypts: 0, deriveBits: 0 };
  const subtle = base.subtle;
  const wrapped = {
    importKey(...args: Parameters<SubtleCrypto['importKey']>) {
      const [format, keyData, algorithm] = args;
      const name = typeof algorithm === 'string' ? algorithm : algorithm.name;
      const size = (keyData as ArrayBuffer).byteLength;
      if (noAes192 && format === 'raw' && name.startsWith('AES') && size === 24) {
        counts.refusedAes192++;
        return Promise.reject(new DOMException('AES key data must be 128 or 256 bits', 'OperationError'));
      }
      return subtle.importKey(...args);
    },
    decrypt(...args: Parameters<SubtleCrypto['decrypt']>) {
      const alg = args[0];
      if ((typeof alg === 'string' ? alg : alg.name) === 'AES-CBC') counts.aesDecrypts++;
      return subtle.decrypt(...args);
    },
    deriveBits(...args: Parameters<SubtleCrypto['deriveBits']>) {
      counts.deriveBits++;
      return subtle.deriveBits(...args);
    },
    encrypt: subtle.encrypt.bind(subtle),
    exportKey: subtle.exportKey.bind(subtle),
  };
  const crypto = { subtle: wrapped, getRandomValues: base.getRandomValues.bind(base) } as unknown as Crypto;
  return { crypto, counts };
}

let o: Ossl;
let pki: Pki;
beforeAll(() => {
  o = ossl();
  pki = makePki(o);
});
afterAll(() => o.cleanup());

describe('AES-192 without WebCrypto support (Chromium)', () => {
  it('opens an openssl AES-192 file through the pure AES, with the same result', async () => {
    o.run([
      'pkcs12',
      '-export',
      '-inkey',
      'rsa.key',
      '-in',
      'rsa.pem',
      '-passout',
      'pass:pw192',
      '-out',
      'aes192.p12',
      '-keypbe',
      'AES-192-CBC',
      '-certpbe',
      'AES-192-CBC',
    ]);
    const bytes = o.read('aes192.p12');
    const plain = instrumented(globalThis.crypto, false);
    const chromium = instrumented(globalThis.crypto, true);
    const viaWeb = await openPkcs12(bytes, 'pw192', { crypto: plain.crypto });
    const viaPure = await openPkcs12(bytes, 'pw192', { crypto: chromium.crypto });
    expect(plain.counts).toEqual({ refusedAes192: 0, aesDecrypts: 2, deriveBits: 2 });
    expect(chromium.counts).toEqual({ refusedAes192: 2, aesDecrypts: 0, deriveBits: 2 });
    expect(viaPure.encryption).toEqual(['PBES2/PBKDF2-HMAC-SHA256/AES-192-CBC']);
    expect(viaPure.keys[0]!.pkcs8).toEqual(viaWeb.keys[0]!.pkcs8);
    expect(viaPure.keys[0]!.pkcs8).toEqual(pki.rsaPkcs8);
    expect(sortedHex(viaPure.certificates.map((c) => c.der))).toEqual(
      sortedHex(opensslExtract(o, o.path('aes192.p12'), 'pw192').certs),
    );
  });

  it('mixes both paths in one file (AES-192 certificates, AES-256 key)', async () => {
    const chromium = instrumented(globalThis.crypto, true);
    const p12 = await openPkcs12(readFileSync(join(FIXTURES, 'example12.pfx')), '1234', { crypto: chromium.crypto });
    expect(chromium.counts.refusedAes192).toBe(1);
    expect(chromium.counts.aesDecrypts).toBe(1);
    expect(p12.keys[0]!.certificate).toBeDefined();
  });

  it('wrong password through the pure AES is still BAD_PASSWORD', async () => {
    const chromium = instrumented(globalThis.crypto, true);
    o.run([
      'pkcs12',
      '-export',
      '-inkey',
      'ec.key',
      '-in',
      'ec.pem',
      '-passout',
      'pass:pw',
      '-out',
      'nomac192.p12',
      '-keypbe',
      'AES-192-CBC',
      '-certpbe',
      'AES-192-CBC',
      '-nomac',
    ]);
    const e = await openPkcs12(o.read('nomac192.p12'), 'wrong', { crypto: chromium.crypto }).catch((x: unknown) => x);
    expect((e as { reason?: string }).reason).toBe('BAD_PASSWORD');
    expect(chromium.counts.refusedAes192).toBeGreaterThan(0);
  });
});

describe('@peculiar/webcrypto as the provider', () => {
  it('creates and opens with it, and importKey uses it', async () => {
    const peculiar = new PeculiarCrypto() as unknown as Crypto;
    const spy = instrumented(peculiar, false);
    const p12 = await createPkcs12({
      key: pki.ecPkcs8,
      certificates: [pki.ecLeaf, pki.intermediate],
      password: 'provider-pw',
      iterations: 2048,
      crypto: spy.crypto,
    });
    expect(spy.counts.deriveBits).toBe(2);
    const back = await openPkcs12(p12, 'provider-pw', { crypto: spy.crypto });
    expect(spy.counts.deriveBits).toBe(4);
    expect(spy.counts.aesDecrypts).toBe(2);
    expect(back.keys[0]!.pkcs8).toEqual(pki.ecPkcs8);
    const key = await back.keys[0]!.importKey({ extractable: true });
    const sig = await peculiar.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, new Uint8Array([1, 2, 3]));
    expect(sig.byteLength).toBe(64);
    expect(opensslExtract(o, o.write('peculiar.p12', p12), 'provider-pw', false).keys).toEqual([pki.ecPkcs8]);
  });
});
