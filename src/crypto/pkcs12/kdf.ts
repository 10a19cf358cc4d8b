/**
 * Password-based key derivation for PKCS#12: the RFC 7292 appendix B KDF (legacy PBES1 ciphers and the MAC),
 * password encodings, and PBKDF2 (WebCrypto, with a pure fallback for PRFs WebCrypto lacks, e.g. SHA-224).
 *
 * @module
 */
import { toArrayBuffer, utf8 } from '../bytes.ts';
import { digest, type HashName, hashSizes, hmac, iterateDigest } from './hash.ts';

/** RFC 7292 B.3 purpose bytes. */
export const KDF_ID = { KEY: 1, IV: 2, MAC: 3 } as const;

/**
 * The password as the RFC 7292 KDF wants it: BMPString (UTF-16 big-endian) with a two-byte NUL terminator, so
 * `''` gives `00 00`; `null` (the Windows "no password") gives zero bytes.
 *
 * @example
 * ```ts
 * bmpPassword('a'); // 00 61 00 00
 * ```
 */
export function bmpPassword(password: string | null): Uint8Array {
  if (password === null) return new Uint8Array(0);
  const out = new Uint8Array(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) {
    out[2 * i] = password.charCodeAt(i) >> 8;
    out[2 * i + 1] = password.charCodeAt(i) & 0xff;
  }
  return out;
}

/**
 * The password as PBES2 (PBKDF2) wants it: its UTF-8 bytes, no terminator; `null` and `''` are both empty.
 *
 * @example
 * ```ts
 * utf8Password('pässwörd'); // 70 c3 a4 …
 * ```
 */
export function utf8Password(password: string | null): Uint8Array {
  return password === null ? new Uint8Array(0) : utf8(password);
}

/** Iterations run between two yields to the event loop (a few milliseconds of SHA-1 or SHA-256). */
const YIELD_EVERY = 50_000;

/** Lets queued tasks run (a macrotask, so timers and I/O get their turn, not only microtasks). */
function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (fn: () => void) => void };
  if (g.setImmediate) return new Promise((resolve) => g.setImmediate!(resolve));
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** `hash` applied `count` times to the digest-sized `first`, yielding every {@link YIELD_EVERY} iterations. */
async function iterate(hash: HashName, first: Uint8Array, count: number): Promise<Uint8Array> {
  let a = first;
  for (let left = count; left > 0; left -= YIELD_EVERY) {
    a = iterateDigest(hash, a, Math.min(left, YIELD_EVERY));
    if (left > YIELD_EVERY) await yieldToEventLoop();
  }
  return a;
}

function fill(src: Uint8Array, v: number): Uint8Array {
  const out = new Uint8Array(src.length === 0 ? 0 : v * Math.ceil(src.length / v));
  for (let i = 0; i < out.length; i++) out[i] = src[i % src.length]!;
  return out;
}

/**
 * The RFC 7292 appendix B.2 key derivation: `n` bytes for purpose `id` (1 key, 2 IV, 3 MAC key). Long runs yield
 * to the event loop every 50,000 iterations.
 *
 * @example
 * ```ts
 * const key = await pkcs12Kdf('SHA-1', bmpPassword('pw'), salt, KDF_ID.KEY, 2048, 24);
 * ```
 */
export async function pkcs12Kdf(
  hash: HashName,
  password: Uint8Array,
  salt: Uint8Array,
  id: number,
  iterations: number,
  n: number,
): Promise<Uint8Array> {
  const { block: v, out: u } = hashSizes(hash);
  const input = new Uint8Array(v + v * Math.ceil(salt.length / v) + v * Math.ceil(password.length / v));
  input.fill(id, 0, v);
  const I = input.subarray(v);
  I.set(fill(salt, v));
  I.set(fill(password, v), v * Math.ceil(salt.length / v));
  const out = new Uint8Array(n);
  for (let off = 0; off < n; off += u) {
    const A = await iterate(hash, digest(hash, input), iterations - 1);
    out.set(A.subarray(0, Math.min(u, n - off)), off);
    if (off + u >= n) break;
    // I_j = (I_j + B + 1) mod 2^(8v), with B = A repeated to v bytes.
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        carry += I[j + k]! + A[k % u]!;
        I[j + k] = carry & 0xff;
        carry >>= 8;
      }
    }
  }
  return out;
}

/**
 * PBKDF2 (RFC 8018) on WebCrypto; when the provider refuses the PRF's hash (SHA-224 everywhere), a pure
 * implementation runs instead, yielding to the event loop every 50,000 iterations.
 *
 * @example
 * ```ts
 * const key = await pbkdf2(crypto, 'SHA-256', utf8Password(pw), salt, 2048, 32);
 * ```
 */
export async function pbkdf2(
  crypto: Crypto,
  hash: HashName,
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  n: number,
): Promise<Uint8Array> {
  if (hash !== 'SHA-224') {
    const base = await crypto.subtle.importKey('raw', toArrayBuffer(password), 'PBKDF2', false, ['deriveBits']);
    const params = { name: 'PBKDF2', hash, salt: toArrayBuffer(salt), iterations };
    return new Uint8Array(await crypto.subtle.deriveBits(params, base, n * 8));
  }
  const { out: u } = hashSizes(hash);
  const out = new Uint8Array(n);
  for (let block = 1, off = 0; off < n; block++, off += u) {
    const first = new Uint8Array(salt.length + 4);
    first.set(salt);
    new DataView(first.buffer).setUint32(salt.length, block);
    let U = hmac(hash, password, first);
    const T = U.slice();
    for (let i = 1; i < iterations; i++) {
      if (i % YIELD_EVERY === 0) await yieldToEventLoop();
      U = hmac(hash, password, U);
      for (let j = 0; j < u; j++) T[j] = T[j]! ^ U[j]!;
    }
    out.set(T.subarray(0, Math.min(u, n - off)), off);
  }
  return out;
}
