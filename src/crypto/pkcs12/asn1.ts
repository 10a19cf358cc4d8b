/**
 * The small DER reader and writer that PKCS#12 needs: definite and indefinite (BER) lengths on reading,
 * constructed OCTET STRINGs (Windows and Java write them), definite lengths on writing. Every failure is a
 * `CryptoError('MALFORMED')`.
 *
 * @module
 */
import { CryptoError } from '../../errors.ts';
import { concatBytes } from '../bytes.ts';

/** One decoded TLV; `value` and `raw` are views into the input. */
export interface Node {
  readonly tag: number;
  readonly value: Uint8Array;
  readonly raw: Uint8Array;
}

/**
 * A `CryptoError('MALFORMED')` naming what was wrong.
 *
 * @example
 * ```ts
 * throw malformed('expected PFX');
 * ```
 */
export const malformed = (what: string): CryptoError => new CryptoError('MALFORMED', `malformed PKCS#12: ${what}`);

/**
 * Reads the TLV at `offset`.
 *
 * @example
 * ```ts
 * const node = readNode(bytes);
 * ```
 */
export function readNode(buf: Uint8Array, offset = 0, depth = 0): Node {
  if (depth > 64) throw malformed('nesting too deep');
  let p = offset;
  const tag = buf[p++];
  const first = buf[p++];
  if (tag === undefined || first === undefined) throw malformed('truncated header');
  if ((tag & 0x1f) === 0x1f) throw malformed('high tag numbers are not used in PKCS#12');
  if (first === 0x80) {
    if (!(tag & 0x20)) throw malformed('indefinite length on a primitive');
    let q = p;
    while (buf[q] !== 0 || buf[q + 1] !== 0) {
      if (q >= buf.length) throw malformed('missing end-of-contents');
      q += readNode(buf, q, depth + 1).raw.length;
    }
    return { tag, value: buf.subarray(p, q), raw: buf.subarray(offset, q + 2) };
  }
  let length = first;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n === 0 || n > 4 || p + n > buf.length) throw malformed('bad length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[p++]!;
  }
  if (p + length > buf.length) throw malformed('truncated content');
  return { tag, value: buf.subarray(p, p + length), raw: buf.subarray(offset, p + length) };
}

/**
 * Decodes exactly one TLV spanning `buf`, optionally checking its tag.
 *
 * @example
 * ```ts
 * const pfx = parse(bytes, 0x30, 'PFX');
 * ```
 */
export function parse(buf: Uint8Array, tag?: number, what = 'value'): Node {
  const node = readNode(buf);
  if (node.raw.length !== buf.length) throw malformed(`trailing data after ${what}`);
  return tag === undefined ? node : expect(node, tag, what);
}

/**
 * The children of a constructed node.
 *
 * @example
 * ```ts
 * const [version, authSafe, macData] = kids(pfx);
 * ```
 */
export function kids(node: Node): Node[] {
  if (!(node.tag & 0x20)) throw malformed('expected a constructed value');
  const out: Node[] = [];
  for (let p = 0; p < node.value.length; ) {
    const c = readNode(node.value, p);
    out.push(c);
    p += c.raw.length;
  }
  return out;
}

/**
 * Returns `node` if its tag is `tag`, else throws naming `what`.
 *
 * @example
 * ```ts
 * expect(kids(pfx)[0], 0x02, 'version');
 * ```
 */
export function expect(node: Node | undefined, tag: number, what: string): Node {
  if (!node || node.tag !== tag) throw malformed(`expected ${what}`);
  return node;
}

/**
 * The content of an OCTET STRING, primitive (`0x04`, or implicit `0x80`) or constructed (`0x24`, `0xa0`).
 *
 * @example
 * ```ts
 * const authSafeDer = octets(content);
 * ```
 */
export function octets(node: Node | undefined): Uint8Array {
  if (!node) throw malformed('expected OCTET STRING');
  if (node.tag === 0x04 || node.tag === 0x80) return node.value;
  if (node.tag === 0x24 || node.tag === 0xa0) return concatBytes(...kids(node).map(octets));
  throw malformed('expected OCTET STRING');
}

/**
 * Decodes an OBJECT IDENTIFIER node to dotted form.
 *
 * @example
 * ```ts
 * oidOf(kids(algId)[0]); // '1.2.840.113549.1.5.13'
 * ```
 */
export function oidOf(node: Node | undefined): string {
  const v = expect(node, 0x06, 'OBJECT IDENTIFIER').value;
  const arcs: number[] = [];
  let n = 0;
  for (const b of v) {
    n = n * 128 + (b & 0x7f);
    if (b & 0x80) continue;
    if (arcs.length === 0) arcs.push(n < 80 ? Math.floor(n / 40) : 2, n < 80 ? n % 40 : n - 80);
    else arcs.push(n);
    n = 0;
  }
  return arcs.join('.');
}

/**
 * Decodes a small non-negative INTEGER node (iteration counts, versions, key lengths).
 *
 * @example
 * ```ts
 * intOf(kids(pbkdf2)[1]); // 2048
 * ```
 */
export function intOf(node: Node | undefined, what = 'INTEGER'): number {
  const v = expect(node, 0x02, what).value;
  if (v.length === 0 || v.length > 6 || v[0]! & 0x80) throw malformed(`${what} out of range`);
  let n = 0;
  for (const b of v) n = n * 256 + b;
  return n;
}

/**
 * Encodes a TLV with a definite length.
 *
 * @example
 * ```ts
 * tlv(0x04, data); // OCTET STRING
 * ```
 */
export function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = concatBytes(...parts);
  const n = body.length;
  const len: number[] = [];
  if (n < 0x80) len.push(n);
  else {
    for (let x = n; x > 0; x = Math.floor(x / 256)) len.unshift(x & 0xff);
    len.unshift(0x80 | len.length);
  }
  return concatBytes(new Uint8Array([tag, ...len]), body);
}

/** SEQUENCE of encoded parts. @example `seq(oidDer('1.2.3'), NULL_DER)` */
export const seq = (...parts: Uint8Array[]): Uint8Array => tlv(0x30, ...parts);
/** SET of encoded parts, in the given order. @example `set(attr)` */
export const set = (...parts: Uint8Array[]): Uint8Array => tlv(0x31, ...parts);
/** OCTET STRING. @example `octet(salt)` */
export const octet = (bytes: Uint8Array): Uint8Array => tlv(0x04, bytes);
/** [n] EXPLICIT (context-specific, constructed). @example `explicit(0, inner)` */
export const explicit = (n: number, inner: Uint8Array): Uint8Array => tlv(0xa0 | n, inner);
/** DER NULL. @example `seq(oidDer(SHA256), NULL_DER)` */
export const NULL_DER: Uint8Array = new Uint8Array([5, 0]);

/**
 * Encodes an OBJECT IDENTIFIER.
 *
 * @example
 * ```ts
 * oidDer('1.2.840.113549.1.7.1');
 * ```
 */
export function oidDer(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [];
  for (const arc of [arcs[0]! * 40 + arcs[1]!, ...arcs.slice(2)]) {
    const chunk = [arc & 0x7f];
    for (let x = Math.floor(arc / 128); x > 0; x = Math.floor(x / 128)) chunk.unshift((x & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, new Uint8Array(out));
}

/**
 * Encodes a non-negative INTEGER.
 *
 * @example
 * ```ts
 * intDer(2048);
 * ```
 */
export function intDer(n: number): Uint8Array {
  const bytes: number[] = [];
  for (let x = n; x > 0 || bytes.length === 0; x = Math.floor(x / 256)) bytes.unshift(x & 0xff);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return tlv(0x02, new Uint8Array(bytes));
}

/**
 * Encodes a BMPString (UTF-16 big-endian), as friendlyName wants.
 *
 * @example
 * ```ts
 * bmpDer('Alice');
 * ```
 */
export function bmpDer(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    out[2 * i] = s.charCodeAt(i) >> 8;
    out[2 * i + 1] = s.charCodeAt(i) & 0xff;
  }
  return tlv(0x1e, out);
}
