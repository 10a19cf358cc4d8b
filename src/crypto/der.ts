/**
 * A small DER reader (the writer is in der-writer.ts, re-exported here): exactly what X.509, PKCS#10, PKCS#8 and certs-only PKCS#7 need, with every byte
 * under our control (string types, tag classes). The reader also accepts BER indefinite lengths, which some
 * PKCS#7 producers emit.
 *
 * @module
 */
import { CryptoError } from '../errors.ts';
import { fromUtf8 } from './bytes.ts';
import { TAG } from './der-writer.ts';

export { bitString, int, NULL, oid, seq, set, str, TAG, tlv } from './der-writer.ts';

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
}

const bad = (what: string): CryptoError => new CryptoError('MALFORMED', `malformed DER: ${what}`);

/**
 * Reads the TLV starting at `offset`.
 *
 * @example
 * ```ts
 * const { tag, value } = readTlv(der);
 * ```
 */
export function readTlv(buf: Uint8Array, offset = 0): Der {
  let p = offset;
  if (p + 2 > buf.length) throw bad('truncated header');
  const tag = buf[p++]!;
  if ((tag & 0x1f) === 0x1f) {
    while (p < buf.length && buf[p]! & 0x80) p++;
    p++;
  }
  const first = buf[p++];
  if (first === undefined) throw bad('truncated length');
  if (first === 0x80) return readIndefinite(buf, offset, tag, p);
  let length = first;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n > 4 || p + n > buf.length) throw bad('length too long');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[p++]!;
  }
  const end = p + length;
  if (end > buf.length) throw bad('content runs past the end');
  return { tag, value: buf.subarray(p, end), raw: buf.subarray(offset, end) };
}

function readIndefinite(buf: Uint8Array, offset: number, tag: number, start: number): Der {
  if (!(tag & 0x20)) throw bad('indefinite length on a primitive');
  let p = start;
  while (p + 1 < buf.length && !(buf[p] === 0 && buf[p + 1] === 0)) p += readTlv(buf, p).raw.length;
  if (p + 1 >= buf.length) throw bad('missing end-of-contents');
  return { tag, value: buf.subarray(start, p), raw: buf.subarray(offset, p + 2) };
}

/**
 * Decodes exactly one TLV spanning the whole input.
 *
 * @example
 * ```ts
 * const cert = parseDer(der); // cert.tag === 0x30
 * ```
 */
export function parseDer(buf: Uint8Array): Der {
  const d = readTlv(buf, 0);
  if (d.raw.length !== buf.length) throw bad('trailing data');
  return d;
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
  const out: Der[] = [];
  let p = 0;
  while (p < d.value.length) {
    const c = readTlv(d.value, p);
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
  if (!d || d.tag !== tag) throw bad(`expected ${what}`);
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
  return parts.join('.');
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
 * Decodes any ASN.1 character string (UTF8, Printable, IA5, T61 as Latin-1, BMP, Universal).
 *
 * @example
 * ```ts
 * decodeString(node); // 'Alice'
 * ```
 */
export function decodeString(d: Der): string {
  const v = d.value;
  if (d.tag === TAG.BMP) {
    let s = '';
    for (let i = 0; i + 1 < v.length; i += 2) s += String.fromCharCode((v[i]! << 8) | v[i + 1]!);
    return s;
  }
  if (d.tag === TAG.UNIVERSAL) {
    let s = '';
    for (let i = 0; i + 3 < v.length; i += 4)
      s += String.fromCodePoint(((v[i]! << 24) | (v[i + 1]! << 16) | (v[i + 2]! << 8) | v[i + 3]!) >>> 0);
    return s;
  }
  if (d.tag === TAG.T61) return String.fromCharCode(...v);
  return fromUtf8(v);
}

/**
 * Decodes a UTCTime or GeneralizedTime.
 *
 * @example
 * ```ts
 * decodeTime(node).toISOString();
 * ```
 */
export function decodeTime(d: Der): Date {
  const s = fromUtf8(d.value);
  const m = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/.exec(s);
  if (!m) throw bad(`unsupported time ${s}`);
  let year = Number(m[1]);
  if (d.tag === TAG.UTC_TIME) year += year < 50 ? 2000 : 1900;
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
}
