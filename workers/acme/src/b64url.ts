/**
 * base64url without padding (RFC 4648 section 5), as ACME uses it.
 *
 * @module
 */

/**
 * base64url without padding.
 *
 * @example
 * ```ts
 * b64url(new Uint8Array([0xfb])); // '-w'
 * ```
 */
export function b64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Decodes base64url (no padding); `undefined` when it is not.
 *
 * @example
 * ```ts
 * fromB64url('-w'); // Uint8Array [0xfb]
 * ```
 */
export function fromB64url(s: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(s) || s.length % 4 === 1) return undefined;
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}
