/**
 * CBC mode with PKCS#7 padding over a pure block cipher (DES, 3DES, RC2, AES fallback).
 *
 * @module
 */
import { CryptoError } from '../../errors.ts';

/** A block cipher keyed once, transforming one block in place. */
export interface BlockCipher {
  readonly size: number;
  encrypt(block: Uint8Array): void;
  decrypt(block: Uint8Array): void;
}

/**
 * A `CryptoError('BAD_PASSWORD')` for a decryption whose padding is wrong (the usual sign of a wrong key).
 *
 * @example
 * ```ts
 * throw badPadding();
 * ```
 */
export const badPadding = (): CryptoError =>
  new CryptoError('BAD_PASSWORD', 'decryption failed: wrong password or corrupt data');

/**
 * CBC-decrypts and removes PKCS#7 padding.
 *
 * @example
 * ```ts
 * const plain = cbcDecrypt(desCipher(key), iv, data);
 * ```
 */
export function cbcDecrypt(cipher: BlockCipher, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const n = cipher.size;
  if (data.length === 0 || data.length % n || iv.length !== n) throw badPadding();
  const out = new Uint8Array(data); // a copy (Buffer#slice would be a view)
  for (let off = out.length - n; off >= 0; off -= n) {
    const block = out.subarray(off, off + n);
    cipher.decrypt(block);
    const prev = off === 0 ? iv : data.subarray(off - n, off);
    for (let i = 0; i < n; i++) block[i]! ^= prev[i]!;
  }
  const pad = out[out.length - 1]!;
  if (pad === 0 || pad > n) throw badPadding();
  for (let i = out.length - pad; i < out.length; i++) if (out[i] !== pad) throw badPadding();
  return out.subarray(0, out.length - pad);
}

/**
 * Adds PKCS#7 padding and CBC-encrypts.
 *
 * @example
 * ```ts
 * const sealed = cbcEncrypt(desCipher(key), iv, plain);
 * ```
 */
export function cbcEncrypt(cipher: BlockCipher, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const n = cipher.size;
  const pad = n - (data.length % n);
  const out = new Uint8Array(data.length + pad);
  out.set(data);
  out.fill(pad, data.length);
  let prev = iv;
  for (let off = 0; off < out.length; off += n) {
    const block = out.subarray(off, off + n);
    for (let i = 0; i < n; i++) block[i]! ^= prev[i]!;
    cipher.encrypt(block);
    prev = block;
  }
  return out;
}
