/**
 * A pure AES block cipher (128/192/256-bit keys), the fallback for providers that refuse a key size: Chromium's
 * WebCrypto has no AES-192, which OpenSSL and Windows use in some PKCS#12 exports. Tables are computed on first
 * use from GF(2^8) arithmetic (FIPS 197), not shipped.
 *
 * @module
 */
import type { BlockCipher } from './cbc.ts';

interface Tables {
  sbox: Uint8Array;
  inv: Uint8Array;
  te: Int32Array;
  td: Int32Array;
}
let tables: Tables | undefined;

function mul(a: number, b: number): number {
  let p = 0;
  for (; b; b >>= 1) {
    if (b & 1) p ^= a;
    a = (a << 1) ^ (a & 0x80 ? 0x11b : 0);
  }
  return p;
}

function build(): Tables {
  const exp = new Uint8Array(256);
  const log = new Uint8Array(256);
  for (let i = 0, v = 1; i < 255; i++, v = mul(v, 3)) {
    exp[i] = v;
    log[v] = i;
  }
  const sbox = new Uint8Array(256);
  const inv = new Uint8Array(256);
  for (let x = 0; x < 256; x++) {
    const i = x ? exp[(255 - log[x]!) % 255]! : 0;
    let s = i;
    for (let r = 1; r <= 4; r++) s ^= ((i << r) | (i >> (8 - r))) & 0xff;
    s ^= 0x63;
    sbox[x] = s;
    inv[s] = x;
  }
  const te = Int32Array.from(sbox, (s) => (mul(s, 2) << 24) | (s << 16) | (s << 8) | mul(s, 3));
  const td = Int32Array.from(inv, (s) => (mul(s, 14) << 24) | (mul(s, 9) << 16) | (mul(s, 13) << 8) | mul(s, 11));
  return { sbox, inv, te, td };
}

const ror = (x: number, n: number): number => (x >>> n) | (x << (32 - n));
const subWord = (s: Uint8Array, w: number): number =>
  (s[w >>> 24]! << 24) | (s[(w >>> 16) & 255]! << 16) | (s[(w >>> 8) & 255]! << 8) | s[w & 255]!;

function expandKey(t: Tables, key: Uint8Array): { ek: Int32Array; dk: Int32Array; rounds: number } {
  const nk = key.length / 4;
  const rounds = nk + 6;
  const ek = new Int32Array(4 * (rounds + 1));
  const view = new DataView(key.buffer, key.byteOffset, key.byteLength);
  for (let i = 0; i < nk; i++) ek[i] = view.getInt32(4 * i);
  for (let i = nk, rcon = 1; i < ek.length; i++) {
    let w = ek[i - 1]!;
    if (i % nk === 0) {
      w = subWord(t.sbox, (w << 8) | (w >>> 24)) ^ (rcon << 24);
      rcon = mul(rcon, 2);
    } else if (nk > 6 && i % nk === 4) w = subWord(t.sbox, w);
    ek[i] = ek[i - nk]! ^ w;
  }
  // Equivalent inverse cipher: round keys reversed, InvMixColumns applied to the middle ones.
  const dk = new Int32Array(ek.length);
  for (let r = 0; r <= rounds; r++) {
    for (let c = 0; c < 4; c++) {
      const w = ek[4 * (rounds - r) + c]!;
      dk[4 * r + c] =
        r === 0 || r === rounds
          ? w
          : t.td[t.sbox[w >>> 24]!]! ^
            ror(t.td[t.sbox[(w >>> 16) & 255]!]!, 8) ^
            ror(t.td[t.sbox[(w >>> 8) & 255]!]!, 16) ^
            ror(t.td[t.sbox[w & 255]!]!, 24);
    }
  }
  return { ek, dk, rounds };
}

function crypt(t: Tables, rk: Int32Array, rounds: number, block: Uint8Array, decrypt: boolean): void {
  const view = new DataView(block.buffer, block.byteOffset, 16);
  const T = decrypt ? t.td : t.te;
  const box = decrypt ? t.inv : t.sbox;
  // Column c takes row r from column c + r (encrypt) or c - r (decrypt): ShiftRows / InvShiftRows.
  const o1 = decrypt ? 3 : 1;
  const o3 = decrypt ? 1 : 3;
  let s = [0, 1, 2, 3].map((c) => view.getInt32(4 * c) ^ rk[c]!);
  for (let r = 1; r < rounds; r++) {
    s = [0, 1, 2, 3].map(
      (c) =>
        T[s[c]! >>> 24]! ^
        ror(T[(s[(c + o1) & 3]! >>> 16) & 255]!, 8) ^
        ror(T[(s[(c + 2) & 3]! >>> 8) & 255]!, 16) ^
        ror(T[s[(c + o3) & 3]! & 255]!, 24) ^
        rk[4 * r + c]!,
    );
  }
  for (let c = 0; c < 4; c++) {
    const w =
      (box[s[c]! >>> 24]! << 24) |
      (box[(s[(c + o1) & 3]! >>> 16) & 255]! << 16) |
      (box[(s[(c + 2) & 3]! >>> 8) & 255]! << 8) |
      box[s[(c + o3) & 3]! & 255]!;
    view.setInt32(4 * c, w ^ rk[4 * rounds + c]!);
  }
}

/**
 * An AES block cipher for a 16-, 24- or 32-byte key.
 *
 * @example
 * ```ts
 * const plain = cbcDecrypt(aesCipher(key24), iv, data);
 * ```
 */
export function aesCipher(key: Uint8Array): BlockCipher {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32)
    throw new RangeError('AES key must be 16/24/32 bytes');
  tables ??= build();
  const t = tables;
  const { ek, dk, rounds } = expandKey(t, key);
  return {
    size: 16,
    encrypt: (b) => crypt(t, ek, rounds, b, false),
    decrypt: (b) => crypt(t, dk, rounds, b, true),
  };
}
