// The pure hashes the PKCS#12 KDF runs on, against node:crypto: one-shot digests of every size around the block
// boundaries, and iterateDigest (SHA-1's generated, unrolled chain and the general path of the SHA-2 family) against
// the same number of digests taken one by one.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digest, type HashName, iterateDigest } from '../../../src/crypto/pkcs12/hash.ts';

const NODE: Record<HashName, string> = {
  'SHA-1': 'sha1',
  'SHA-224': 'sha224',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};
const ref = (name: HashName, data: Uint8Array): Uint8Array =>
  new Uint8Array(createHash(NODE[name]).update(data).digest());

describe('pure hashes', () => {
  it('digest agrees with node:crypto for lengths 0..300', () => {
    for (const name of Object.keys(NODE) as HashName[]) {
      for (let n = 0; n <= 300; n += 7) {
        const data = randomBytes(n);
        expect(Buffer.from(digest(name, data)).toString('hex'), `${name} ${n}`).toBe(
          Buffer.from(ref(name, data)).toString('hex'),
        );
      }
    }
  });

  it('iterateDigest equals digests taken one by one (SHA-1 chain and SHA-2)', () => {
    for (const name of Object.keys(NODE) as HashName[]) {
      for (const count of [0, 1, 2, 17, 1000]) {
        const first = ref(name, randomBytes(33));
        let want = first;
        for (let i = 0; i < count; i++) want = ref(name, want);
        expect(Buffer.from(iterateDigest(name, first, count)).toString('hex'), `${name} ×${count}`).toBe(
          Buffer.from(want).toString('hex'),
        );
      }
    }
  });
});
