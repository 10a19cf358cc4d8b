/**
 * Turns decrypted bags into the public result: keys with their algorithm and `importKey`, certificates, and each
 * key paired with its certificate (localKeyId, else friendlyName, else public key).
 *
 * @module
 */
import { bytesEqual } from '../bytes.ts';
import { certPublicKey, type KeyInfo, keyInfo } from './keyinfo.ts';
import type { BagAttributes } from './parse.ts';
import type { Pkcs12Certificate, Pkcs12ImportOptions, Pkcs12Key } from './types.ts';

/** A key or certificate after decryption, with its attributes. */
export interface Found {
  readonly keys: { pkcs8: Uint8Array; attrs: BagAttributes }[];
  readonly certs: { der: Uint8Array; attrs: BagAttributes }[];
  readonly encryption: string[];
}

function withAttrs<T extends object>(base: T, attrs: BagAttributes): T & BagAttributes {
  const out: T & BagAttributes = { ...base };
  if (attrs.friendlyName !== undefined) out.friendlyName = attrs.friendlyName;
  if (attrs.localKeyId !== undefined) out.localKeyId = attrs.localKeyId;
  return out;
}

function publicKeyOf(cert: Pkcs12Certificate): Uint8Array | null {
  try {
    return certPublicKey(cert.der);
  } catch {
    return null;
  }
}

function match(info: KeyInfo, attrs: BagAttributes, certs: Pkcs12Certificate[]): Pkcs12Certificate | undefined {
  if (attrs.localKeyId) {
    const byId = certs.find((c) => c.localKeyId === attrs.localKeyId);
    if (byId) return byId;
  }
  if (attrs.friendlyName) {
    const byName = certs.find((c) => c.friendlyName === attrs.friendlyName);
    if (byName) return byName;
  }
  const pub = info.publicKey;
  return pub ? certs.find((c) => bytesEqual(publicKeyOf(c) ?? new Uint8Array(), pub)) : undefined;
}

function importer(pkcs8: Uint8Array, info: KeyInfo, crypto: Crypto) {
  return (options: Pkcs12ImportOptions = {}): Promise<CryptoKey> => {
    const algorithm =
      options.algorithm ??
      (info.algorithm === 'RSA'
        ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
        : { name: 'ECDSA', namedCurve: info.curve ?? '' });
    return crypto.subtle.importKey(
      'pkcs8',
      new Uint8Array(pkcs8),
      algorithm,
      options.extractable ?? false,
      options.usages ?? ['sign'],
    );
  };
}

/**
 * Builds the keys and certificates of a {@link Pkcs12Contents}.
 *
 * @example
 * ```ts
 * const { keys, certificates } = pairKeys(found, crypto);
 * ```
 */
export function pairKeys(found: Found, crypto: Crypto): { keys: Pkcs12Key[]; certificates: Pkcs12Certificate[] } {
  const certificates = found.certs.map((c) => withAttrs({ der: c.der }, c.attrs));
  const keys = found.keys.map(({ pkcs8, attrs }): Pkcs12Key => {
    const info = keyInfo(pkcs8);
    const base = withAttrs({ pkcs8, algorithm: info.algorithm, importKey: importer(pkcs8, info, crypto) }, attrs);
    const key: Pkcs12Key & { curve?: string; certificate?: Pkcs12Certificate } = base;
    if (info.curve !== undefined) key.curve = info.curve;
    const certificate = match(info, attrs, certificates);
    if (certificate) key.certificate = certificate;
    return key;
  });
  return { keys, certificates };
}
