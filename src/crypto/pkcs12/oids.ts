/**
 * Object identifiers used by PKCS#12 (RFC 7292), PKCS#5 (RFC 8018), PKCS#7 and PKCS#8.
 *
 * @module
 */
import type { HashName } from './hash.ts';

/** Content types, bag types and attributes. */
export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  pbmac1: '1.2.840.113549.1.5.14',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecPublicKey: '1.2.840.10045.2.1',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  hmacWithSHA256: '1.2.840.113549.2.9',
  pbeSha3Des: '1.2.840.113549.1.12.1.3',
} as const;

/** The RFC 7292 PBES1 ciphers: key length in bytes, cipher, RC2 effective bits. */
export const PKCS12_PBE: Readonly<
  Record<string, { name: string; keyLen: number; cipher: 'des' | 'rc2'; bits?: number }>
> = {
  '1.2.840.113549.1.12.1.3': { name: 'pbeWithSHAAnd3-KeyTripleDES-CBC', keyLen: 24, cipher: 'des' },
  '1.2.840.113549.1.12.1.4': { name: 'pbeWithSHAAnd2-KeyTripleDES-CBC', keyLen: 16, cipher: 'des' },
  '1.2.840.113549.1.12.1.5': { name: 'pbeWithSHAAnd128BitRC2-CBC', keyLen: 16, cipher: 'rc2', bits: 128 },
  '1.2.840.113549.1.12.1.6': { name: 'pbeWithSHAAnd40BitRC2-CBC', keyLen: 5, cipher: 'rc2', bits: 40 },
};

/** PBES2 encryption schemes: name, key length, IV length, cipher family. */
export const PBES2_CIPHERS: Readonly<
  Record<string, { name: string; keyLen: number; ivLen: number; cipher: 'aes' | 'des' }>
> = {
  '2.16.840.1.101.3.4.1.2': { name: 'AES-128-CBC', keyLen: 16, ivLen: 16, cipher: 'aes' },
  '2.16.840.1.101.3.4.1.22': { name: 'AES-192-CBC', keyLen: 24, ivLen: 16, cipher: 'aes' },
  '2.16.840.1.101.3.4.1.42': { name: 'AES-256-CBC', keyLen: 32, ivLen: 16, cipher: 'aes' },
  '1.2.840.113549.3.7': { name: 'DES-EDE3-CBC', keyLen: 24, ivLen: 8, cipher: 'des' },
  '1.3.14.3.2.7': { name: 'DES-CBC', keyLen: 8, ivLen: 8, cipher: 'des' },
};

/** PBKDF2 PRFs (HMAC) by OID. */
export const PRF_HASH: Readonly<Record<string, HashName>> = {
  '1.2.840.113549.2.7': 'SHA-1',
  '1.2.840.113549.2.8': 'SHA-224',
  '1.2.840.113549.2.9': 'SHA-256',
  '1.2.840.113549.2.10': 'SHA-384',
  '1.2.840.113549.2.11': 'SHA-512',
};

/** Digest algorithms of the PKCS#12 MAC, by OID. */
export const DIGEST_HASH: Readonly<Record<string, HashName>> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.4': 'SHA-224',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

/**
 * The digest OID of a hash name (the inverse of {@link DIGEST_HASH}).
 *
 * @example
 * ```ts
 * digestOid('SHA-256'); // '2.16.840.1.101.3.4.2.1'
 * ```
 */
export function digestOid(hash: HashName): string {
  return Object.keys(DIGEST_HASH).find((k) => DIGEST_HASH[k] === hash)!;
}

/** Named curves of EC keys, by OID. */
export const CURVE_NAMES: Readonly<Record<string, string>> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
};
