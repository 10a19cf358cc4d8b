/**
 * Byte helpers shared by the crypto modules: base64 (standard and url-safe), hex, UTF-8, concatenation.
 * Web APIs only, no `Buffer`.
 *
 * @module
 */
import { CryptoError } from '../errors.ts';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX: Int16Array = (() => {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < B64.length; i++) t[B64.charCodeAt(i)] = i;
  t['-'.charCodeAt(0)] = 62;
  t['_'.charCodeAt(0)] = 63;
  return t;
})();

/**
 * Encodes bytes as standard base64 with padding, on one line.
 *
 * @example
 * ```ts
 * toBase64(new Uint8Array([1, 2, 3])); // 'AQID'
 * ```
 */
export function toBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + '=';
  }
  return out;
}

/**
 * Decodes base64 or base64url. Whitespace (spaces, tabs, CR, LF) is ignored, and so are `&#xD;` / `&#13;`
 * entities left over from XML; padding is optional. Throws a `CryptoError` (`MALFORMED`) on any other character.
 *
 * @example
 * ```ts
 * fromBase64('AQ\r\nID'); // Uint8Array [1, 2, 3]
 * ```
 */
export function fromBase64(s: string): Uint8Array {
  const clean = s.replace(/&#x0*d;|&#0*13;/gi, '').replace(/[\s=]+/g, '');
  if (clean.length % 4 === 1) throw new CryptoError('MALFORMED', 'invalid base64: wrong length');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const c = clean.charCodeAt(i);
    const v = c < 128 ? B64_INDEX[c]! : -1;
    if (v < 0) throw new CryptoError('MALFORMED', `invalid base64 character at position ${i}`);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/**
 * Encodes bytes as lower-case hex.
 *
 * @example
 * ```ts
 * toHex(new Uint8Array([0, 255])); // '00ff'
 * ```
 */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += (b < 16 ? '0' : '') + b.toString(16);
  return out;
}

/**
 * Decodes hex (either case). Colons and whitespace are ignored, so `AB:CD` works; an odd digit count gets a
 * leading zero.
 *
 * @example
 * ```ts
 * fromHex('00:FF'); // Uint8Array [0, 255]
 * ```
 */
export function fromHex(s: string): Uint8Array {
  let clean = s.replace(/[\s:]+/g, '');
  if (!/^[0-9a-fA-F]*$/.test(clean)) throw new CryptoError('MALFORMED', 'invalid hex string');
  if (clean.length % 2) clean = '0' + clean;
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * Concatenates byte arrays into a new one.
 *
 * @example
 * ```ts
 * concatBytes(new Uint8Array([1]), new Uint8Array([2, 3])); // Uint8Array [1, 2, 3]
 * ```
 */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/**
 * Views an `ArrayBuffer` or any `ArrayBufferView` as a `Uint8Array` (no copy; a `Uint8Array` is returned as is).
 *
 * @example
 * ```ts
 * const der = toBytes(await crypto.subtle.exportKey('spki', key));
 * ```
 */
export function toBytes(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/**
 * Encodes a string as UTF-8.
 *
 * @example
 * ```ts
 * utf8('é'); // Uint8Array [0xc3, 0xa9]
 * ```
 */
export function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/**
 * Decodes UTF-8 bytes to a string (invalid sequences become U+FFFD).
 *
 * @example
 * ```ts
 * fromUtf8(new Uint8Array([0x68, 0x69])); // 'hi'
 * ```
 */
export function fromUtf8(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

/**
 * Constant-time-ish equality of two byte arrays (length leaks, content does not short-circuit).
 *
 * @example
 * ```ts
 * bytesEqual(a, b);
 * ```
 */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * Compares two secrets (a bearer token, an admin secret) in time independent of where they differ: both are hashed
 * with SHA-256 first and the digests compared with {@link bytesEqual}, so neither the matching prefix nor the
 * lengths show in the time taken.
 *
 * @example
 * ```ts
 * if (!(await secretsEqual(given, expected))) return new Response('unauthorized', { status: 401 });
 * ```
 */
export async function secretsEqual(a: string, b: string): Promise<boolean> {
  const digest = async (s: string) =>
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)));
  const [x, y] = await Promise.all([digest(a), digest(b)]);
  return bytesEqual(x, y);
}

/**
 * Copies bytes into a fresh `ArrayBuffer`-backed `Uint8Array` (what WebCrypto's `BufferSource` typing wants
 * under TypeScript 5.9, and safe when the input is a view over a larger or shared buffer).
 *
 * @example
 * ```ts
 * await crypto.subtle.digest('SHA-256', toArrayBuffer(bytes));
 * ```
 */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(bytes.length);
  new Uint8Array(out).set(bytes);
  return out;
}
