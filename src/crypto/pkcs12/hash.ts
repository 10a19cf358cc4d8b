/**
 * Pure SHA-1, SHA-224, SHA-256, SHA-384 and SHA-512, and HMAC over them. WebCrypto's digest is one async call
 * per message; the PKCS#12 KDF hashes its own output up to 600,000 times, so it needs a synchronous compression
 * function working on reused word buffers ({@link iterateDigest}). SHA-2 constants are computed (integer roots of
 * the primes, as FIPS 180-4 defines them) rather than shipped as tables.
 *
 * @module
 */

import { sha1Chain } from './sha1-chain.ts';

/** Hash names, as WebCrypto spells them. */
export type HashName = 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512';

interface HashDef {
  /** Block size in bytes. */
  readonly block: number;
  /** Digest size in bytes. */
  readonly out: number;
  readonly iv: () => Int32Array;
  readonly compress: (h: Int32Array, w: Int32Array) => void;
  /** Working-array length in 32-bit words. */
  readonly wlen: number;
}

function iroot(n: bigint, k: bigint): bigint {
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / Number(k)) + 1);
  for (;;) {
    const y = ((k - 1n) * x + n / x ** (k - 1n)) / k;
    if (y >= x) return x;
    x = y;
  }
}

let primes: number[] | undefined;
/** The 64-bit fractional part of the k-th root of the i-th prime, as [hi, lo] 32-bit halves. */
function frac(i: number, k: number): [number, number] {
  if (!primes) {
    primes = [];
    for (let n = 2; primes.length < 80; n++) if (primes.every((p) => n % p)) primes.push(n);
  }
  const r = iroot(BigInt(primes[i]!) << BigInt(64 * k), BigInt(k)) & ((1n << 64n) - 1n);
  return [Number(r >> 32n) | 0, Number(r & 0xffffffffn) | 0];
}

let k512: Int32Array | undefined;
const K512 = (): Int32Array => {
  k512 ??= Int32Array.from({ length: 160 }, (_, j) => frac(j >> 1, 3)[j & 1]!);
  return k512;
};
const ivWords = (from: number, words: 'hi' | 'lo' | 'both'): Int32Array =>
  Int32Array.from({ length: words === 'both' ? 16 : 8 }, (_, j) => {
    const [hi, lo] = frac(from + (words === 'both' ? j >> 1 : j), 2);
    return words === 'hi' || (words === 'both' && !(j & 1)) ? hi : lo;
  });

/**
 * SHA-1 compression. Rounds go five at a time with the working variables renamed instead of shifted (the classic
 * unrolling), which roughly halves the time of the PKCS#12 KDF's long SHA-1 chains.
 */
function sha1(h: Int32Array, w: Int32Array): void {
  for (let t = 16; t < 80; t++) {
    const x = w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!;
    w[t] = (x << 1) | (x >>> 31);
  }
  let a = h[0]!;
  let b = h[1]!;
  let c = h[2]!;
  let d = h[3]!;
  let e = h[4]!;
  let t = 0;
  for (; t < 20; t += 5) {
    e = (e + ((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + 0x5a827999 + w[t]!) | 0;
    b = (b << 30) | (b >>> 2);
    d = (d + ((e << 5) | (e >>> 27)) + ((a & b) | (~a & c)) + 0x5a827999 + w[t + 1]!) | 0;
    a = (a << 30) | (a >>> 2);
    c = (c + ((d << 5) | (d >>> 27)) + ((e & a) | (~e & b)) + 0x5a827999 + w[t + 2]!) | 0;
    e = (e << 30) | (e >>> 2);
    b = (b + ((c << 5) | (c >>> 27)) + ((d & e) | (~d & a)) + 0x5a827999 + w[t + 3]!) | 0;
    d = (d << 30) | (d >>> 2);
    a = (a + ((b << 5) | (b >>> 27)) + ((c & d) | (~c & e)) + 0x5a827999 + w[t + 4]!) | 0;
    c = (c << 30) | (c >>> 2);
  }
  for (; t < 40; t += 5) {
    e = (e + ((a << 5) | (a >>> 27)) + (b ^ c ^ d) + 0x6ed9eba1 + w[t]!) | 0;
    b = (b << 30) | (b >>> 2);
    d = (d + ((e << 5) | (e >>> 27)) + (a ^ b ^ c) + 0x6ed9eba1 + w[t + 1]!) | 0;
    a = (a << 30) | (a >>> 2);
    c = (c + ((d << 5) | (d >>> 27)) + (e ^ a ^ b) + 0x6ed9eba1 + w[t + 2]!) | 0;
    e = (e << 30) | (e >>> 2);
    b = (b + ((c << 5) | (c >>> 27)) + (d ^ e ^ a) + 0x6ed9eba1 + w[t + 3]!) | 0;
    d = (d << 30) | (d >>> 2);
    a = (a + ((b << 5) | (b >>> 27)) + (c ^ d ^ e) + 0x6ed9eba1 + w[t + 4]!) | 0;
    c = (c << 30) | (c >>> 2);
  }
  for (; t < 60; t += 5) {
    e = (e + ((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + 0x8f1bbcdc + w[t]!) | 0;
    b = (b << 30) | (b >>> 2);
    d = (d + ((e << 5) | (e >>> 27)) + ((a & b) | (a & c) | (b & c)) + 0x8f1bbcdc + w[t + 1]!) | 0;
    a = (a << 30) | (a >>> 2);
    c = (c + ((d << 5) | (d >>> 27)) + ((e & a) | (e & b) | (a & b)) + 0x8f1bbcdc + w[t + 2]!) | 0;
    e = (e << 30) | (e >>> 2);
    b = (b + ((c << 5) | (c >>> 27)) + ((d & e) | (d & a) | (e & a)) + 0x8f1bbcdc + w[t + 3]!) | 0;
    d = (d << 30) | (d >>> 2);
    a = (a + ((b << 5) | (b >>> 27)) + ((c & d) | (c & e) | (d & e)) + 0x8f1bbcdc + w[t + 4]!) | 0;
    c = (c << 30) | (c >>> 2);
  }
  for (; t < 80; t += 5) {
    e = (e + ((a << 5) | (a >>> 27)) + (b ^ c ^ d) + 0xca62c1d6 + w[t]!) | 0;
    b = (b << 30) | (b >>> 2);
    d = (d + ((e << 5) | (e >>> 27)) + (a ^ b ^ c) + 0xca62c1d6 + w[t + 1]!) | 0;
    a = (a << 30) | (a >>> 2);
    c = (c + ((d << 5) | (d >>> 27)) + (e ^ a ^ b) + 0xca62c1d6 + w[t + 2]!) | 0;
    e = (e << 30) | (e >>> 2);
    b = (b + ((c << 5) | (c >>> 27)) + (d ^ e ^ a) + 0xca62c1d6 + w[t + 3]!) | 0;
    d = (d << 30) | (d >>> 2);
    a = (a + ((b << 5) | (b >>> 27)) + (c ^ d ^ e) + 0xca62c1d6 + w[t + 4]!) | 0;
    c = (c << 30) | (c >>> 2);
  }
  h[0] = (h[0]! + a) | 0;
  h[1] = (h[1]! + b) | 0;
  h[2] = (h[2]! + c) | 0;
  h[3] = (h[3]! + d) | 0;
  h[4] = (h[4]! + e) | 0;
}

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

function sha256(h: Int32Array, w: Int32Array): void {
  const k = K512();
  for (let t = 16; t < 64; t++) {
    const x = w[t - 15]!;
    const y = w[t - 2]!;
    const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
    const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
    w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) | 0;
  }
  let a = h[0]!;
  let b = h[1]!;
  let c = h[2]!;
  let d = h[3]!;
  let e = h[4]!;
  let f = h[5]!;
  let g = h[6]!;
  let hh = h[7]!;
  for (let t = 0; t < 64; t++) {
    const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[2 * t]! + w[t]!) | 0;
    const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    hh = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  h[0] = (h[0]! + a) | 0;
  h[1] = (h[1]! + b) | 0;
  h[2] = (h[2]! + c) | 0;
  h[3] = (h[3]! + d) | 0;
  h[4] = (h[4]! + e) | 0;
  h[5] = (h[5]! + f) | 0;
  h[6] = (h[6]! + g) | 0;
  h[7] = (h[7]! + hh) | 0;
}

// SHA-512 on 32-bit halves: word i is (w[2i], w[2i+1]) = (hi, lo); sums of up to five halves stay exact in doubles.
const C32 = 0x100000000;

function schedule512(w: Int32Array): void {
  for (let t = 32; t < 160; t += 2) {
    const xh = w[t - 30]!;
    const xl = w[t - 29]!;
    const yh = w[t - 4]!;
    const yl = w[t - 3]!;
    const s0h = ((xh >>> 1) | (xl << 31)) ^ ((xh >>> 8) | (xl << 24)) ^ (xh >>> 7);
    const s0l = ((xl >>> 1) | (xh << 31)) ^ ((xl >>> 8) | (xh << 24)) ^ ((xl >>> 7) | (xh << 25));
    const s1h = ((yh >>> 19) | (yl << 13)) ^ ((yl >>> 29) | (yh << 3)) ^ (yh >>> 6);
    const s1l = ((yl >>> 19) | (yh << 13)) ^ ((yh >>> 29) | (yl << 3)) ^ ((yl >>> 6) | (yh << 26));
    const lo = (w[t - 31]! >>> 0) + (s0l >>> 0) + (w[t - 13]! >>> 0) + (s1l >>> 0);
    w[t] = (w[t - 32]! + s0h + w[t - 14]! + s1h + Math.floor(lo / C32)) | 0;
    w[t + 1] = lo | 0;
  }
}

function sha512(h: Int32Array, w: Int32Array): void {
  const k = K512();
  schedule512(w);
  let [ah, al, bh, bl, ch, cl, dh, dl, eh, el, fh, fl, gh, gl, hh, hl] = h as unknown as number[];
  for (let t = 0; t < 160; t += 2) {
    const s1h = ((eh! >>> 14) | (el! << 18)) ^ ((eh! >>> 18) | (el! << 14)) ^ ((el! >>> 9) | (eh! << 23));
    const s1l = ((el! >>> 14) | (eh! << 18)) ^ ((el! >>> 18) | (eh! << 14)) ^ ((eh! >>> 9) | (el! << 23));
    const chh = (eh! & fh!) ^ (~eh! & gh!);
    const chl = (el! & fl!) ^ (~el! & gl!);
    const t1l = (hl! >>> 0) + (s1l >>> 0) + (chl >>> 0) + (k[t + 1]! >>> 0) + (w[t + 1]! >>> 0);
    const t1h = hh! + s1h + chh + k[t]! + w[t]! + Math.floor(t1l / C32);
    const s0h = ((ah! >>> 28) | (al! << 4)) ^ ((al! >>> 2) | (ah! << 30)) ^ ((al! >>> 7) | (ah! << 25));
    const s0l = ((al! >>> 28) | (ah! << 4)) ^ ((ah! >>> 2) | (al! << 30)) ^ ((ah! >>> 7) | (al! << 25));
    const mjh = (ah! & bh!) ^ (ah! & ch!) ^ (bh! & ch!);
    const mjl = (al! & bl!) ^ (al! & cl!) ^ (bl! & cl!);
    hh = gh;
    hl = gl;
    gh = fh;
    gl = fl;
    fh = eh;
    fl = el;
    const el2 = (dl! >>> 0) + (t1l % C32);
    eh = (dh! + t1h + Math.floor(el2 / C32)) | 0;
    el = el2 | 0;
    dh = ch;
    dl = cl;
    ch = bh;
    cl = bl;
    bh = ah;
    bl = al;
    const al2 = (t1l % C32) + (s0l >>> 0) + (mjl >>> 0);
    ah = (t1h + s0h + mjh + Math.floor(al2 / C32)) | 0;
    al = al2 | 0;
  }
  const v = [ah, al, bh, bl, ch, cl, dh, dl, eh, el, fh, fl, gh, gl, hh, hl];
  for (let i = 0; i < 16; i += 2) {
    const lo = (h[i + 1]! >>> 0) + (v[i + 1]! >>> 0);
    h[i] = (h[i]! + v[i]! + Math.floor(lo / C32)) | 0;
    h[i + 1] = lo | 0;
  }
}

const SHA1_IV = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
const DEFS: Record<HashName, HashDef> = {
  'SHA-1': { block: 64, out: 20, iv: () => Int32Array.from(SHA1_IV), compress: sha1, wlen: 80 },
  'SHA-224': { block: 64, out: 28, iv: () => ivWords(8, 'lo'), compress: sha256, wlen: 64 },
  'SHA-256': { block: 64, out: 32, iv: () => ivWords(0, 'hi'), compress: sha256, wlen: 64 },
  'SHA-384': { block: 128, out: 48, iv: () => ivWords(8, 'both'), compress: sha512, wlen: 160 },
  'SHA-512': { block: 128, out: 64, iv: () => ivWords(0, 'both'), compress: sha512, wlen: 160 },
};

/**
 * Block and digest sizes of a hash, in bytes.
 *
 * @example
 * ```ts
 * hashSizes('SHA-256'); // { block: 64, out: 32 }
 * ```
 */
export function hashSizes(name: HashName): { block: number; out: number } {
  const d = DEFS[name];
  return { block: d.block, out: d.out };
}

const ivCache = new Map<HashName, Int32Array>();
function initial(name: HashName): Int32Array {
  let iv = ivCache.get(name);
  if (!iv) {
    iv = DEFS[name].iv();
    ivCache.set(name, iv);
  }
  return Int32Array.from(iv);
}

function wordsToBytes(h: Int32Array, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = h[i >> 2]! >>> (24 - 8 * (i & 3));
  return out;
}

/**
 * Hashes `data` synchronously.
 *
 * @example
 * ```ts
 * digest('SHA-1', new Uint8Array()); // da39a3ee…
 * ```
 */
export function digest(name: HashName, data: Uint8Array): Uint8Array {
  const d = DEFS[name];
  const h = initial(name);
  const w = new Int32Array(d.wlen);
  const total = Math.ceil((data.length + 1 + d.block / 8) / d.block) * d.block;
  const msg = new Uint8Array(total);
  msg.set(data);
  msg[data.length] = 0x80;
  const bits = data.length * 8;
  const view = new DataView(msg.buffer);
  view.setUint32(total - 8, Math.floor(bits / 0x100000000));
  view.setUint32(total - 4, bits >>> 0);
  for (let off = 0; off < total; off += d.block) {
    for (let i = 0; i < d.block / 4; i++) w[i] = view.getInt32(off + 4 * i);
    d.compress(h, w);
  }
  return wordsToBytes(h, d.out);
}

/**
 * Applies the hash `count` more times to an existing digest: H(H(…H(first)…)), over reused buffers. This is the
 * inner loop of the PKCS#12 KDF.
 *
 * @example
 * ```ts
 * iterateDigest('SHA-1', digest('SHA-1', input), 2047);
 * ```
 */
export function iterateDigest(name: HashName, first: Uint8Array, count: number): Uint8Array {
  const d = DEFS[name];
  const iv = initial(name);
  const h = new Int32Array(iv.length);
  const w = new Int32Array(d.wlen);
  const words = Math.ceil(d.out / 4);
  const hv = new DataView(first.buffer, first.byteOffset, first.byteLength);
  for (let i = 0; i < d.out / 4; i++) h[i] = hv.getInt32(4 * i);
  if (name === 'SHA-1') {
    sha1Chain(h, count);
    return wordsToBytes(h, d.out);
  }
  const lenWord = d.block / 4 - 1;
  for (let n = 0; n < count; n++) {
    w.fill(0, 0, d.block / 4);
    for (let i = 0; i < words; i++) w[i] = h[i]!;
    // Digest lengths are whole words, so the 0x80 pad byte starts the next word.
    w[d.out / 4] = 0x80000000 | 0;
    w[lenWord] = d.out * 8;
    h.set(iv);
    d.compress(h, w);
  }
  return wordsToBytes(h, d.out);
}

/**
 * HMAC (RFC 2104) over the pure hashes.
 *
 * @example
 * ```ts
 * hmac('SHA-256', key, data);
 * ```
 */
export function hmac(name: HashName, key: Uint8Array, data: Uint8Array): Uint8Array {
  const { block } = DEFS[name];
  const k = new Uint8Array(block);
  k.set(key.length > block ? digest(name, key) : key);
  const inner = new Uint8Array(block + data.length);
  const outer = new Uint8Array(block + DEFS[name].out);
  for (let i = 0; i < block; i++) {
    inner[i] = k[i]! ^ 0x36;
    outer[i] = k[i]! ^ 0x5c;
  }
  inner.set(data, block);
  outer.set(digest(name, inner), block);
  return digest(name, outer);
}
