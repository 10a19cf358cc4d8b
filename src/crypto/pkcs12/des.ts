/**
 * DES and Triple DES (EDE, two- and three-key) for legacy PKCS#12 files. WebCrypto has neither. The round
 * function is table-driven (S-boxes merged with the P permutation into eight 64-entry tables); the initial and
 * final permutations use byte-indexed tables. All tables are built on first use from the FIPS 46-3 definitions.
 *
 * @module
 */
import type { BlockCipher } from './cbc.ts';

// FIPS 46-3 S-boxes S1..S8, 64 entries each (row-major, 4 rows of 16), one hex digit per entry.
const SBOXES =
  'e4d12fb83a6c59070f74e2d1a6cb953841e8d62bfc973a50fc8249175b3ea06df18e6b34972dc05a3d47f28ec01a69b50e7ba4d158c6932fd8a13f42b67c05e9a09e63f51dc7b428d709346a285ecbf1d6498f30b12c5ae71ad069874fe3b52c7de3069a1285bc4fd8b56f03472c1ae9a690cb7df13e52843f06a1d8945bc72e2c417ab6853fd0e9eb2c47d150fa3986421bad78f9c5630eb8c71e2d6f09a453c1af92680d34e75baf427c9561de0b389ef528c3704a1db6432c95fabe17608d4b2ef08d3c975a61d0b7491ae35c2f8614bdc37eaf6805926bd814a7950fe23cd2846fb1a93e50c71fd8a374c56b0e927b419ce206adf35821e74a8dfc90356b';
const P = [
  16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25,
];
const PC1 = [
  57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36, 63, 55,
  47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4,
];
const PC2 = [
  14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2, 41, 52, 31, 37, 47, 55, 30,
  40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
];
const SHIFTS = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1];

interface Tables {
  sp: Int32Array[];
  ip: Int32Array;
  fp: Int32Array;
}
let tables: Tables | undefined;

/** Byte-indexed lookup for a 64-bit permutation: out bit j (1-based from the MSB) = in bit perm[j-1]. */
function permTable(perm: number[]): Int32Array {
  const t = new Int32Array(8 * 256 * 2);
  perm.forEach((src, j) => {
    const q = src - 1;
    for (let v = 0; v < 256; v++) {
      if (!((v >> (7 - (q & 7))) & 1)) continue;
      t[((q >> 3) * 256 + v) * 2 + (j >> 5)]! |= 1 << (31 - (j & 31));
    }
  });
  return t;
}

function build(): Tables {
  const sp = Array.from({ length: 8 }, (_, i) =>
    Int32Array.from({ length: 64 }, (_, x) => {
      const s = Number.parseInt(SBOXES[i * 64 + ((x & 0x20) | ((x & 1) << 4) | ((x >> 1) & 0xf))]!, 16);
      const raw = s << (28 - 4 * i);
      let out = 0;
      P.forEach((src, j) => {
        if ((raw >>> (32 - src)) & 1) out |= 1 << (31 - j);
      });
      return out;
    }),
  );
  const ip = Array.from({ length: 64 }, (_, j) => (j < 32 ? 58 + 2 * (j >> 3) : 57 + 2 * ((j >> 3) - 4)) - 8 * (j & 7));
  const fp = new Array<number>(64);
  ip.forEach((src, j) => {
    fp[src - 1] = j + 1;
  });
  return { sp, ip: permTable(ip), fp: permTable(fp) };
}

/** Sixteen round keys, each as eight 6-bit chunks. */
function schedule(key: Uint8Array): Int32Array {
  const bit = (q: number): number => (key[q >> 3]! >> (7 - (q & 7))) & 1;
  const cd = PC1.map((src) => bit(src - 1));
  const out = new Int32Array(16 * 8);
  for (let r = 0; r < 16; r++) {
    for (let s = 0; s < SHIFTS[r]!; s++) {
      cd.splice(0, 28, ...cd.slice(1, 28), cd[0]!);
      cd.splice(28, 28, ...cd.slice(29, 56), cd[28]!);
    }
    PC2.forEach((src, j) => {
      out[r * 8 + Math.floor(j / 6)]! |= cd[src - 1]! << (5 - (j % 6));
    });
  }
  return out;
}

function crypt(t: Tables, ks: Int32Array, block: Uint8Array, decrypt: boolean): void {
  let l = 0;
  let r = 0;
  for (let b = 0; b < 8; b++) {
    const i = (b * 256 + block[b]!) * 2;
    l |= t.ip[i]!;
    r |= t.ip[i + 1]!;
  }
  for (let round = 0; round < 16; round++) {
    const k = (decrypt ? 15 - round : round) * 8;
    let f = 0;
    for (let i = 0; i < 8; i++) {
      const rot = (4 * i + 31) & 31;
      const chunk = ((r << rot) | (r >>> (32 - rot))) >>> 26;
      f |= t.sp[i]![chunk ^ ks[k + i]!]!;
    }
    const next = l ^ f;
    l = r;
    r = next;
  }
  let hi = 0;
  let lo = 0;
  for (let b = 0; b < 8; b++) {
    const v = (b < 4 ? r >>> (24 - 8 * b) : l >>> (56 - 8 * b)) & 0xff;
    hi |= t.fp[(b * 256 + v) * 2]!;
    lo |= t.fp[(b * 256 + v) * 2 + 1]!;
  }
  for (let b = 0; b < 4; b++) {
    block[b] = hi >>> (24 - 8 * b);
    block[b + 4] = lo >>> (24 - 8 * b);
  }
}

/**
 * A DES (8-byte key), two-key 3DES (16 bytes: K1 K2 K1) or three-key 3DES (24 bytes) block cipher.
 *
 * @example
 * ```ts
 * const plain = cbcDecrypt(desCipher(key24), iv, data);
 * ```
 */
export function desCipher(key: Uint8Array): BlockCipher {
  tables ??= build();
  const t = tables;
  if (key.length !== 8 && key.length !== 16 && key.length !== 24) throw new RangeError('DES key must be 8/16/24 bytes');
  const ks = [0, 8, 16].map((off) => schedule(key.subarray(off % key.length, (off % key.length) + 8)));
  if (key.length === 8) {
    return { size: 8, encrypt: (b) => crypt(t, ks[0]!, b, false), decrypt: (b) => crypt(t, ks[0]!, b, true) };
  }
  const [k1, k2, k3] = [ks[0]!, ks[1]!, key.length === 24 ? ks[2]! : ks[0]!];
  return {
    size: 8,
    encrypt(b) {
      crypt(t, k1, b, false);
      crypt(t, k2, b, true);
      crypt(t, k3, b, false);
    },
    decrypt(b) {
      crypt(t, k3, b, true);
      crypt(t, k2, b, false);
      crypt(t, k1, b, true);
    },
  };
}
