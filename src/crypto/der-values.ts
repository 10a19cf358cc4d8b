/**
 * Decoding of DER character strings and times, strictly: a code point outside Unicode, a surrogate in a BMP or
 * Universal string, or a time that RFC 5280 does not allow is a `CryptoError('MALFORMED')`, never a guess.
 *
 * @module
 */
import { CryptoError } from '../errors.ts';
import { fromUtf8 } from './bytes.ts';
import { TAG } from './der-writer.ts';

/** A decoded TLV, as far as these decoders need it. */
interface Tlv {
  readonly tag: number;
  readonly value: Uint8Array;
}

const bad = (what: string): CryptoError => new CryptoError('MALFORMED', `malformed DER: ${what}`);

function codePoints(v: Uint8Array, width: 2 | 4, name: string): string {
  if (v.length % width) throw bad(`${name} length is not a multiple of ${width}`);
  let s = '';
  for (let i = 0; i < v.length; i += width) {
    let cp = 0;
    for (let k = 0; k < width; k++) cp = cp * 256 + v[i + k]!;
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw bad(`${name} holds an invalid code point`);
    s += String.fromCodePoint(cp);
  }
  return s;
}

/**
 * Decodes any ASN.1 character string (UTF8, Printable, IA5, T61 as Latin-1, BMP, Universal). A BMPString or
 * UniversalString with a surrogate, a code point above U+10FFFF or a torn last character is `MALFORMED`.
 *
 * @example
 * ```ts
 * decodeString(node); // 'Alice'
 * ```
 */
export function decodeString(d: Tlv): string {
  const v = d.value;
  if (d.tag === TAG.BMP) return codePoints(v, 2, 'BMPString');
  if (d.tag === TAG.UNIVERSAL) return codePoints(v, 4, 'UniversalString');
  if (d.tag === TAG.T61) {
    let s = '';
    for (const b of v) s += String.fromCharCode(b);
    return s;
  }
  return fromUtf8(v);
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * Decodes a certificate time as RFC 5280 section 4.1.2.5 defines it: UTCTime exactly `YYMMDDHHMMSSZ` (years 50–99
 * are 19xx, 00–49 are 20xx), GeneralizedTime exactly `YYYYMMDDHHMMSSZ`. Fractional seconds, offsets other than
 * `Z`, missing seconds, out-of-range fields (month 13, 31 April, 29 February outside leap years, hour 24, second
 * 60) and any other tag are `MALFORMED`. (OpenSSL in its lenient mode also reads fractions and `+hhmm` offsets;
 * RFC 5280 forbids both in certificates, so this package refuses them.)
 *
 * @example
 * ```ts
 * decodeTime(node).toISOString(); // '2049-12-31T23:59:59.000Z'
 * ```
 */
export function decodeTime(d: Tlv | undefined): Date {
  const utc = d?.tag === TAG.UTC_TIME;
  if (!d || (!utc && d.tag !== TAG.GENERALIZED_TIME)) throw bad('expected UTCTime or GeneralizedTime');
  const v = d.value;
  const digits = utc ? 12 : 14;
  if (v.length !== digits + 1 || v[digits] !== 0x5a) throw bad(`time is not ${utc ? 'YYMMDD' : 'YYYYMMDD'}HHMMSSZ`);
  const n: number[] = [];
  for (let i = 0; i < digits; i += 2) {
    const hi = v[i]! - 0x30;
    const lo = v[i + 1]! - 0x30;
    if (hi < 0 || hi > 9 || lo < 0 || lo > 9) throw bad('time has a non-digit');
    n.push(hi * 10 + lo);
  }
  const [a, ...rest] = n as [number, ...number[]];
  const year = utc ? a + (a < 50 ? 2000 : 1900) : a * 100 + rest.shift()!;
  const [month, day, hour, minute, second] = rest as [number, number, number, number, number];
  const monthDays = month === 2 && isLeap(year) ? 29 : DAYS[month - 1];
  if (!monthDays || day < 1 || day > monthDays || hour > 23 || minute > 59 || second > 59) {
    throw bad('time field out of range');
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date;
}
