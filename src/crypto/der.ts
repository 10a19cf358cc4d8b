/**
 * The one DER reader of the package (the writer is in der-writer.ts, re-exported here): what X.509, PKCS#10,
 * PKCS#8, PKCS#7 and PKCS#12 need, with every byte under our control. It also accepts BER indefinite lengths and
 * constructed OCTET STRINGs, which some PKCS#7 and PKCS#12 producers (Windows, Java) emit. Every failure is a
 * `CryptoError('MALFORMED')`; nesting deeper than {@link MAX_DER_DEPTH} is refused, indefinite lengths included.
 *
 * @module
 */
import { CryptoError } from '../errors.ts';
import { concatBytes } from './bytes.ts';
import { TAG } from './der-writer.ts';

export { decodeString, decodeTime } from './der-values.ts';
export { bitString, bmp, explicit, int, NULL, octet, oid, seq, set, str, TAG, tlv } from './der-writer.ts';

/**
 * One decoded TLV. `value` and `raw` are views into the input (no copy).
 *
 * @example
 * ```ts
 * const d: Der = parseDer(bytes);
 * ```
 */
export interface Der {
  /** The identifier octet (e.g. `0x30` SEQUENCE, `0xa0` [0] constructed). */
  readonly tag: number;
  /** The content octets. */
  readonly value: Uint8Array;
  /** The whole TLV, header included. */
  readonly raw: Uint8Array;
  /** Nesting level below the TLV that a parse started from (0 for that one). */
  readonly depth: number;
}

/**
 * The deepest nesting any DER/BER input may have (X.509, CMS and PKCS#12 need fewer than 20 levels).
 *
 * @example
 * ```ts
 * MAX_DER_DEPTH; // 64
 * ```
 */
export const MAX_DER_DEPTH = 64;

/**
 * A `CryptoError('MALFORMED')` naming what was wrong.
 *
 * @example
 * ```ts
 * throw malformedDer('expected Certificate');
 * ```
 */
export const malformedDer = (what: string): CryptoError => new CryptoError('MALFORMED', `malformed DER: ${what}`);

/**
 * Reads the TLV starting at `offset`, `depth` levels below the outermost one.
 *
 * @example
 * ```ts
 * const { tag, value } = readTlv(der);
 * ```
 */
export function readTlv(buf: Uint8Array, offset = 0, depth = 0): Der {
  if (depth > MAX_DER_DEPTH) throw malformedDer(`nesting deeper than ${MAX_DER_DEPTH} levels`);
  let p = offset;
  const tag = buf[p++];
  if (tag === undefined) throw malformedDer('truncated header');
  if ((tag & 0x1f) === 0x1f) {
    while (p < buf.length && buf[p]! & 0x80) p++;
    p++;
  }
  const first = buf[p++];
  if (first === undefined) throw malformedDer('truncated length');
  if (first === 0x80) return readIndefinite(buf, offset, tag, p, depth);
  let length = first;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n > 4 || p + n > buf.length) throw malformedDer('length too long');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[p++]!;
  }
  const end = p + length;
  if (end > buf.length) throw malformedDer('content runs past the end');
  return { tag, value: buf.subarray(p, end), raw: buf.subarray(offset, end), depth };
}

function readIndefinite(buf: Uint8Array, offset: number, tag: number, start: number, depth: number): Der {
  if (!(tag & 0x20)) throw malformedDer('indefinite length on a primitive');
  let p = start;
  while (p + 1 < buf.length && !(buf[p] === 0 && buf[p + 1] === 0)) p += readTlv(buf, p, depth + 1).raw.length;
  if (p + 1 >= buf.length) throw malformedDer('missing end-of-contents');
  return { tag, value: buf.subarray(start, p), raw: buf.subarray(offset, p + 2), depth };
}

/**
 * Decodes exactly one TLV spanning the whole input, optionally checking its tag (naming `what` when it differs).
 *
 * @example
 * ```ts
 * const cert = parseDer(der); // cert.tag === 0x30
 * const pfx = parseDer(bytes, TAG.SEQUENCE, 'PFX');
 * ```
 */
export function parseDer(buf: Uint8Array, tag?: number, what = 'value'): Der {
  const d = readTlv(buf, 0);
  if (d.raw.length !== buf.length) throw malformedDer(`trailing data after ${what}`);
  return tag === undefined ? d : expectTag(d, tag, what);
}

/**
 * The child TLVs of a constructed value.
 *
 * @example
 * ```ts
 * const [tbs, sigAlg, sig] = children(parseDer(certDer));
 * ```
 */
export function children(d: Der): Der[] {
  if (!(d.tag & 0x20)) throw malformedDer('expected a constructed value');
  const out: Der[] = [];
  let p = 0;
  while (p < d.value.length) {
    const c = readTlv(d.value, p, d.depth + 1);
    out.push(c);
    p += c.raw.length;
  }
  return out;
}

/**
 * Returns `d` when its tag is `tag`, or throws a `CryptoError` naming `what`.
 *
 * @example
 * ```ts
 * expectTag(node, TAG.SEQUENCE, 'certificate');
 * ```
 */
export function expectTag(d: Der | undefined, tag: number, what: string): Der {
  if (!d || d.tag !== tag) throw malformedDer(`expected ${what}`);
  return d;
}

/**
 * Decodes OBJECT IDENTIFIER content octets to dotted form.
 *
 * @example
 * ```ts
 * decodeOid(node.value); // '1.2.840.113549.1.1.11'
 * ```
 */
export function decodeOid(v: Uint8Array): string {
  const parts: number[] = [];
  let n = 0;
  for (const b of v) {
    n = n * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      if (parts.length === 0) parts.push(n < 80 ? Math.floor(n / 40) : 2, n < 80 ? n % 40 : n - 80);
      else parts.push(n);
      n = 0;
    }
  }
  if (v.length === 0 || v[v.length - 1]! & 0x80 || n > Number.MAX_SAFE_INTEGER) throw malformedDer('bad OID');
  return parts.join('.');
}

/**
 * The dotted OID of a node, which must be an OBJECT IDENTIFIER.
 *
 * @example
 * ```ts
 * oidOf(children(algId)[0]); // '1.2.840.113549.1.5.13'
 * ```
 */
export function oidOf(d: Der | undefined, what = 'OBJECT IDENTIFIER'): string {
  return decodeOid(expectTag(d, TAG.OID, what).value);
}

/**
 * Decodes INTEGER content octets (two's complement) to a bigint.
 *
 * @example
 * ```ts
 * decodeInteger(new Uint8Array([1, 0, 1])); // 65537n
 * ```
 */
export function decodeInteger(v: Uint8Array): bigint {
  let n = 0n;
  for (const b of v) n = (n << 8n) | BigInt(b);
  if (v.length && v[0]! & 0x80) n -= 1n << BigInt(v.length * 8);
  return n;
}

/**
 * Decodes a small non-negative INTEGER node (versions, iteration counts, key lengths: below 2^48).
 *
 * @example
 * ```ts
 * smallInt(kids[1], 'iteration count'); // 2048
 * ```
 */
export function smallInt(d: Der | undefined, what = 'INTEGER'): number {
  const v = expectTag(d, TAG.INTEGER, what).value;
  if (v.length === 0 || v.length > 6 || v[0]! & 0x80) throw malformedDer(`${what} out of range`);
  let n = 0;
  for (const b of v) n = n * 256 + b;
  return n;
}

/**
 * The content of an OCTET STRING, primitive (`0x04`, or implicit `0x80`) or BER-constructed (`0x24`, `0xa0`).
 *
 * @example
 * ```ts
 * const authSafeDer = octets(content);
 * ```
 */
export function octets(d: Der | undefined): Uint8Array {
  if (d?.tag === TAG.OCTET_STRING || d?.tag === 0x80) return d.value;
  if (d?.tag === 0x24 || d?.tag === 0xa0) return concatBytes(...children(d).map(octets));
  throw malformedDer('expected OCTET STRING');
}
