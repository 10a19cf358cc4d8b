/**
 * The one DER writer of the package: definite lengths only, every tag explicit.
 *
 * @module
 */
import { concatBytes, utf8 } from './bytes.ts';

/**
 * DER tags used by this package.
 *
 * @example
 * ```ts
 * expectTag(node, TAG.SEQUENCE, 'Certificate');
 * ```
 */
export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8: 0x0c,
  PRINTABLE: 0x13,
  T61: 0x14,
  IA5: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  UNIVERSAL: 0x1c,
  BMP: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

function encodeLength(n: number): Uint8Array {
  if (n < 0x80) return new Uint8Array([n]);
  const bytes: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 256)) bytes.unshift(x & 0xff);
  return new Uint8Array([0x80 | bytes.length, ...bytes]);
}

/**
 * Encodes one TLV with a definite length.
 *
 * @example
 * ```ts
 * tlv(0x04, new Uint8Array([1, 2])); // OCTET STRING
 * ```
 */
export function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = concatBytes(...content);
  return concatBytes(new Uint8Array([tag]), encodeLength(body.length), body);
}

/** Encodes a SEQUENCE of already-encoded parts. @example `seq(oid('1.2.3'), NULL)` */
export const seq = (...parts: Uint8Array[]): Uint8Array => tlv(TAG.SEQUENCE, ...parts);
/** Encodes a SET of already-encoded parts, in the given order. @example `set(attr)` */
export const set = (...parts: Uint8Array[]): Uint8Array => tlv(TAG.SET, ...parts);
/** DER NULL. @example `seq(oid(RSA), NULL)` */
export const NULL: Uint8Array = new Uint8Array([0x05, 0x00]);

/**
 * Encodes an OBJECT IDENTIFIER from dotted form.
 *
 * @example
 * ```ts
 * oid('2.5.4.3');
 * ```
 */
export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map((x) => Number(x));
  const out: number[] = [];
  const first = [arcs[0]! * 40 + arcs[1]!, ...arcs.slice(2)];
  for (const arc of first) {
    const chunk = [arc & 0x7f];
    for (let x = Math.floor(arc / 128); x > 0; x = Math.floor(x / 128)) chunk.unshift((x & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(TAG.OID, new Uint8Array(out));
}

/**
 * Encodes a non-negative INTEGER from a number or bigint.
 *
 * @example
 * ```ts
 * int(0); // version 0
 * ```
 */
export function int(n: number | bigint): Uint8Array {
  let x = BigInt(n);
  const bytes: number[] = [];
  do {
    bytes.unshift(Number(x & 0xffn));
    x >>= 8n;
  } while (x > 0n);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return tlv(TAG.INTEGER, new Uint8Array(bytes));
}

/**
 * Encodes a character string with an explicit string tag (`TAG.UTF8`, `TAG.PRINTABLE`, `TAG.IA5`).
 *
 * @example
 * ```ts
 * str(TAG.PRINTABLE, 'US');
 * ```
 */
export function str(tag: number, s: string): Uint8Array {
  return tlv(tag, utf8(s));
}

/**
 * Encodes a BIT STRING.
 *
 * @example
 * ```ts
 * bitString(signature);
 * ```
 */
export function bitString(bytes: Uint8Array, unusedBits = 0): Uint8Array {
  return tlv(TAG.BIT_STRING, new Uint8Array([unusedBits]), bytes);
}

/** OCTET STRING. @example `octet(salt)` */
export const octet = (bytes: Uint8Array): Uint8Array => tlv(TAG.OCTET_STRING, bytes);
/** [n] EXPLICIT (context-specific, constructed). @example `explicit(0, inner)` */
export const explicit = (n: number, inner: Uint8Array): Uint8Array => tlv(0xa0 | n, inner);

/**
 * Encodes a BMPString (UTF-16 big-endian), as PKCS#12 friendlyName wants.
 *
 * @example
 * ```ts
 * bmp('Alice');
 * ```
 */
export function bmp(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    out[2 * i] = s.charCodeAt(i) >> 8;
    out[2 * i + 1] = s.charCodeAt(i) & 0xff;
  }
  return tlv(TAG.BMP, out);
}
