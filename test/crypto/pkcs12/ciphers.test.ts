// Known-answer tests for the legacy block ciphers behind PKCS#12 PBES1: RC2 (RFC 2268 section 5 vectors, and
// openssl's rc2-40/64/128-cbc on random keys) and DES/3DES (the classic FIPS 46 example, openssl des-ede/des-ede3).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cbcDecrypt, cbcEncrypt } from '../../../src/crypto/pkcs12/cbc.ts';
import { desCipher } from '../../../src/crypto/pkcs12/des.ts';
import { rc2Cipher } from '../../../src/crypto/pkcs12/rc2.ts';

const h = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function ecb(cipher: { encrypt(b: Uint8Array): void; decrypt(b: Uint8Array): void }, pt: string): [string, string] {
  const block = h(pt);
  cipher.encrypt(block);
  const ct = hex(block);
  cipher.decrypt(block);
  return [ct, hex(block)];
}

describe('RC2 (RFC 2268 section 5)', () => {
  // [key, effective key bits, plaintext, ciphertext] from RFC 2268.
  const vectors: [string, number, string, string][] = [
    ['0000000000000000', 63, '0000000000000000', 'ebb773f993278eff'],
    ['ffffffffffffffff', 64, 'ffffffffffffffff', '278b27e42e2f0d49'],
    ['3000000000000000', 64, '1000000000000001', '30649edf9be7d2c2'],
    ['88', 64, '0000000000000000', '61a8a244adacccf0'],
    ['88bca90e90875a', 64, '0000000000000000', '6ccf4308974c267f'],
    ['88bca90e90875a7f0f79c384627bafb2', 64, '0000000000000000', '1a807d272bbe5db1'],
    ['88bca90e90875a7f0f79c384627bafb2', 128, '0000000000000000', '2269552ab0f85ca6'],
    ['88bca90e90875a7f0f79c384627bafb216f80a6f85920584c42fceb0be255daf1e', 129, '0000000000000000', '5b78d3a43dfff1f1'],
  ];
  it.each(vectors)('key %s, %i effective bits', (key, bits, pt, ct) => {
    expect(ecb(rc2Cipher(h(key), bits), pt)).toEqual([ct, pt]);
  });
});

/** Encrypts with the openssl CLI (legacy provider for RC2/DES), CBC with PKCS#7 padding. */
function opensslEnc(name: string, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const args = ['enc', `-${name}`, '-K', hex(key), '-iv', hex(iv), '-provider', 'legacy', '-provider', 'default'];
  return new Uint8Array(execFileSync('openssl', args, { input: data }));
}

describe('legacy ciphers agree with openssl on random keys (CBC, padded)', () => {
  const cases: [string, number, (k: Uint8Array) => ReturnType<typeof rc2Cipher>][] = [
    ['rc2-40-cbc', 5, (k) => rc2Cipher(k, 40)],
    ['rc2-64-cbc', 8, (k) => rc2Cipher(k, 64)],
    ['rc2-cbc', 16, (k) => rc2Cipher(k, 128)],
    ['des-ede-cbc', 16, (k) => desCipher(k)],
    ['des-ede3-cbc', 24, (k) => desCipher(k)],
  ];
  it.each(cases)('%s', (name, keyLen, make) => {
    for (const size of [0, 7, 8, 100]) {
      const key = new Uint8Array(randomBytes(keyLen));
      const iv = new Uint8Array(randomBytes(8));
      const data = new Uint8Array(randomBytes(size));
      const theirs = opensslEnc(name, key, iv, data);
      expect(hex(cbcEncrypt(make(key), iv, data))).toBe(hex(theirs));
      expect(hex(cbcDecrypt(make(key), iv, theirs))).toBe(hex(data));
    }
  });
});

describe('DES', () => {
  it('the FIPS 46 worked example, and 3DES with K1=K2=K3 reduces to it', () => {
    expect(ecb(desCipher(h('133457799bbcdff1')), '0123456789abcdef')).toEqual(['85e813540f0ab405', '0123456789abcdef']);
    const k3 = h('133457799bbcdff1'.repeat(3));
    expect(ecb(desCipher(k3), '0123456789abcdef')[0]).toBe('85e813540f0ab405');
  });
});
