/**
 * RC2 (RFC 2268) with an effective key length, for legacy PKCS#12 files (`pbeWithSHAAnd40BitRC2-CBC`, which
 * OpenSSL before 3.0 and Windows used for certificates, and `pbeWithSHAAnd128BitRC2-CBC`).
 *
 * @module
 */
import type { BlockCipher } from './cbc.ts';

// RFC 2268 section 2: PITABLE, a permutation of 0..255 derived from the digits of pi.
const PI_HEX =
  'd978f9c419ddb5ed28e9fd794aa0d89dc67e37832b76538e624c6488448bfba2179a59f587b34f1361456d8d09817d32bd8f40eb86b77b0bf09521225c6b4e8254d66593ce60b21c7356c014a78cf1dc1275ca1f3bbee4d1423dd430a33cb6266fbf0eda4669075727f21d9bbc944303f811c7f690ef3ee706c3d52fc8661ed708e8eade8052eef784aa72ac354d6a2a961ad2715a1549744b9fd05e0418a4ecc2e0416e0f51cbcc2491af50a1f47039997c3a8523b8b47afc02365b25559731' +
  '2d5dfa98e38a92ae05df2910676cbac9d300e6cfe19ea82c6316013f58e289a90d38341bab33ffb0bb480c5fb9b1cd2ec5f3db47e5a59c770aa62068fe7fc1ad';
let pitable: Uint8Array | undefined;

function expandKey(key: Uint8Array, effectiveBits: number): Uint16Array {
  pitable ??= Uint8Array.from({ length: 256 }, (_, i) => Number.parseInt(PI_HEX.slice(2 * i, 2 * i + 2), 16));
  const pi = pitable;
  const L = new Uint8Array(128);
  L.set(key);
  const T = key.length;
  for (let i = T; i < 128; i++) L[i] = pi[(L[i - 1]! + L[i - T]!) & 0xff]!;
  const T8 = (effectiveBits + 7) >> 3;
  const TM = 0xff >> (8 * T8 - effectiveBits);
  L[128 - T8] = pi[L[128 - T8]! & TM]!;
  for (let i = 127 - T8; i >= 0; i--) L[i] = pi[L[i + 1]! ^ L[i + T8]!]!;
  const K = new Uint16Array(64);
  for (let i = 0; i < 64; i++) K[i] = L[2 * i]! | (L[2 * i + 1]! << 8);
  return K;
}

const S = [1, 2, 3, 5];

function encryptBlock(K: Uint16Array, b: Uint8Array): void {
  const R = [b[0]! | (b[1]! << 8), b[2]! | (b[3]! << 8), b[4]! | (b[5]! << 8), b[6]! | (b[7]! << 8)];
  let j = 0;
  for (let round = 0; round < 16; round++) {
    for (let i = 0; i < 4; i++) {
      const x = (R[i]! + K[j++]! + (R[(i + 3) & 3]! & R[(i + 2) & 3]!) + (~R[(i + 3) & 3]! & R[(i + 1) & 3]!)) & 0xffff;
      R[i] = ((x << S[i]!) | (x >> (16 - S[i]!))) & 0xffff;
    }
    if (round === 4 || round === 10) for (let i = 0; i < 4; i++) R[i] = (R[i]! + K[R[(i + 3) & 3]! & 63]!) & 0xffff;
  }
  for (let i = 0; i < 4; i++) {
    b[2 * i] = R[i]! & 0xff;
    b[2 * i + 1] = R[i]! >> 8;
  }
}

function decryptBlock(K: Uint16Array, b: Uint8Array): void {
  const R = [b[0]! | (b[1]! << 8), b[2]! | (b[3]! << 8), b[4]! | (b[5]! << 8), b[6]! | (b[7]! << 8)];
  let j = 63;
  for (let round = 15; round >= 0; round--) {
    for (let i = 3; i >= 0; i--) {
      const x = R[i]!;
      const y = ((x >> S[i]!) | (x << (16 - S[i]!))) & 0xffff;
      R[i] = (y - K[j--]! - (R[(i + 3) & 3]! & R[(i + 2) & 3]!) - (~R[(i + 3) & 3]! & R[(i + 1) & 3]!)) & 0xffff;
    }
    if (round === 5 || round === 11) for (let i = 3; i >= 0; i--) R[i] = (R[i]! - K[R[(i + 3) & 3]! & 63]!) & 0xffff;
  }
  for (let i = 0; i < 4; i++) {
    b[2 * i] = R[i]! & 0xff;
    b[2 * i + 1] = R[i]! >> 8;
  }
}

/**
 * An RC2 block cipher with `effectiveBits` (40 or 128 in PKCS#12; the key is 5 or 16 bytes).
 *
 * @example
 * ```ts
 * const plain = cbcDecrypt(rc2Cipher(key5, 40), iv, data);
 * ```
 */
export function rc2Cipher(key: Uint8Array, effectiveBits: number): BlockCipher {
  if (key.length < 1 || key.length > 128 || effectiveBits < 1 || effectiveBits > 1024) {
    throw new RangeError('RC2 key must be 1..128 bytes');
  }
  const K = expandKey(key, Math.min(effectiveBits, 1024));
  return { size: 8, encrypt: (b) => encryptBlock(K, b), decrypt: (b) => decryptBlock(K, b) };
}
