/**
 * Object identifiers used by the crypto module (X.509, PKCS#5/7/8/9/10/12), with the names this package reports
 * them by. The one OID table of the package.
 *
 * @module
 */
import type { HashName } from './pkcs12/hash.ts';

/**
 * Public key algorithm OIDs.
 *
 * @example
 * ```ts
 * KEY_OID.EC; // '1.2.840.10045.2.1'
 * ```
 */
export const KEY_OID = {
  RSA: '1.2.840.113549.1.1.1',
  RSA_PSS: '1.2.840.113549.1.1.10',
  EC: '1.2.840.10045.2.1',
  DSA: '1.2.840.10040.4.1',
  ED25519: '1.3.101.112',
} as const;

/**
 * Named curve OID → curve name.
 *
 * @example
 * ```ts
 * CURVES['1.3.132.0.34']; // 'P-384'
 * ```
 */
export const CURVES: Readonly<Record<string, string>> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
  '1.2.840.10045.3.1.1': 'P-192',
  '1.3.132.0.33': 'P-224',
  '1.3.132.0.10': 'secp256k1',
};

/**
 * Curve name → OID (the reverse of {@link CURVES}).
 *
 * @example
 * ```ts
 * CURVE_OID['P-256']; // '1.2.840.10045.3.1.7'
 * ```
 */
export const CURVE_OID: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(CURVES).map(([k, v]) => [v, k]),
);

/**
 * Signature algorithm OID → name and WebCrypto parameters (`hash` undefined when WebCrypto cannot verify it).
 *
 * @example
 * ```ts
 * SIGNATURE_ALGS['1.2.840.10045.4.3.3']?.hash; // 'SHA-384'
 * ```
 */
export const SIGNATURE_ALGS: Readonly<Record<string, { name: string; key: 'RSA' | 'EC' | 'other'; hash?: string }>> = {
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', key: 'RSA', hash: 'SHA-1' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', key: 'RSA', hash: 'SHA-256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', key: 'RSA', hash: 'SHA-384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', key: 'RSA', hash: 'SHA-512' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', key: 'RSA' },
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', key: 'RSA' },
  '1.2.840.113549.1.1.10': { name: 'rsassaPss', key: 'RSA' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', key: 'EC', hash: 'SHA-1' },
  '1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', key: 'EC' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', key: 'EC', hash: 'SHA-256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', key: 'EC', hash: 'SHA-384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', key: 'EC', hash: 'SHA-512' },
  '1.3.101.112': { name: 'Ed25519', key: 'other' },
};

/**
 * Signature algorithm OIDs this package signs with.
 *
 * @example
 * ```ts
 * SIG_OID.RSA_SHA256; // '1.2.840.113549.1.1.11'
 * ```
 */
export const SIG_OID = {
  RSA_SHA256: '1.2.840.113549.1.1.11',
  ECDSA_SHA256: '1.2.840.10045.4.3.2',
  ECDSA_SHA384: '1.2.840.10045.4.3.3',
  ECDSA_SHA512: '1.2.840.10045.4.3.4',
} as const;

/**
 * Distinguished-name attribute OID → short name used in subject objects and strings.
 *
 * @example
 * ```ts
 * DN_NAMES['2.5.4.3']; // 'CN'
 * ```
 */
export const DN_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'T',
  '2.5.4.15': 'businessCategory',
  '2.5.4.17': 'postalCode',
  '2.5.4.42': 'GN',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'E',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
  '1.3.6.1.4.1.311.60.2.1.1': 'jurisdictionL',
  '1.3.6.1.4.1.311.60.2.1.2': 'jurisdictionST',
  '1.3.6.1.4.1.311.60.2.1.3': 'jurisdictionC',
};

/**
 * Short name → OID (the reverse of {@link DN_NAMES}).
 *
 * @example
 * ```ts
 * DN_OIDS.E; // '1.2.840.113549.1.9.1'
 * ```
 */
export const DN_OIDS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(DN_NAMES).map(([k, v]) => [v, k]),
);

/**
 * Extension OIDs.
 *
 * @example
 * ```ts
 * EXT.SAN; // '2.5.29.17'
 * ```
 */
export const EXT = {
  SUBJECT_KEY_ID: '2.5.29.14',
  KEY_USAGE: '2.5.29.15',
  SAN: '2.5.29.17',
  BASIC_CONSTRAINTS: '2.5.29.19',
  AUTHORITY_KEY_ID: '2.5.29.35',
  EXT_KEY_USAGE: '2.5.29.37',
} as const;

/**
 * PKCS#9 extensionRequest attribute.
 *
 * @example
 * ```ts
 * oid(EXTENSION_REQUEST);
 * ```
 */
export const EXTENSION_REQUEST = '1.2.840.113549.1.9.14';
/**
 * Microsoft User Principal Name otherName.
 *
 * @example
 * ```ts
 * oid(UPN_OID);
 * ```
 */
export const UPN_OID = '1.3.6.1.4.1.311.20.2.3';

/**
 * Key usage bit names, in bit order (bit 0 first).
 *
 * @example
 * ```ts
 * KEY_USAGE_BITS.indexOf('keyCertSign'); // 5
 * ```
 */
export const KEY_USAGE_BITS: readonly KeyUsageName[] = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
];

/**
 * A key usage name (RFC 5280 section 4.2.1.3; `nonRepudiation` is also called contentCommitment).
 *
 * @example
 * ```ts
 * const ku: KeyUsageName[] = ['digitalSignature', 'keyEncipherment'];
 * ```
 */
export type KeyUsageName =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign'
  | 'encipherOnly'
  | 'decipherOnly';

/**
 * Extended key usage friendly name → OID.
 *
 * @example
 * ```ts
 * EKU_OIDS.emailProtection; // '1.3.6.1.5.5.7.3.4'
 * ```
 */
export const EKU_OIDS: Readonly<Record<string, string>> = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  OCSPSigning: '1.3.6.1.5.5.7.3.9',
  smartcardLogon: '1.3.6.1.4.1.311.20.2.2',
  documentSigning: '1.3.6.1.4.1.311.10.3.12',
  adobeAuthenticDocumentsTrust: '1.2.840.113583.1.1.5',
  anyExtendedKeyUsage: '2.5.29.37.0',
};

/**
 * Extended key usage OID → friendly name (the reverse of {@link EKU_OIDS}).
 *
 * @example
 * ```ts
 * EKU_NAMES['1.3.6.1.5.5.7.3.1']; // 'serverAuth'
 * ```
 */
export const EKU_NAMES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(EKU_OIDS).map(([k, v]) => [v, k]),
);

/**
 * PKCS#5, #7, #8, #9 and #12 OIDs: content types, bag types, bag attributes, PBE schemes.
 *
 * @example
 * ```ts
 * PKCS_OID.certBag; // '1.2.840.113549.1.12.10.1.3'
 * ```
 */
export const PKCS_OID = {
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
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  hmacWithSHA256: '1.2.840.113549.2.9',
  pbeSha3Des: '1.2.840.113549.1.12.1.3',
} as const;

/**
 * The RFC 7292 PBES1 ciphers: key length in bytes, cipher, RC2 effective bits.
 *
 * @example
 * ```ts
 * PKCS12_PBE['1.2.840.113549.1.12.1.3']?.keyLen; // 24
 * ```
 */
export const PKCS12_PBE: Readonly<
  Record<string, { name: string; keyLen: number; cipher: 'des' | 'rc2'; bits?: number }>
> = {
  '1.2.840.113549.1.12.1.3': { name: 'pbeWithSHAAnd3-KeyTripleDES-CBC', keyLen: 24, cipher: 'des' },
  '1.2.840.113549.1.12.1.4': { name: 'pbeWithSHAAnd2-KeyTripleDES-CBC', keyLen: 16, cipher: 'des' },
  '1.2.840.113549.1.12.1.5': { name: 'pbeWithSHAAnd128BitRC2-CBC', keyLen: 16, cipher: 'rc2', bits: 128 },
  '1.2.840.113549.1.12.1.6': { name: 'pbeWithSHAAnd40BitRC2-CBC', keyLen: 5, cipher: 'rc2', bits: 40 },
};

/**
 * PBES2 encryption schemes: name, key length, IV length, cipher family.
 *
 * @example
 * ```ts
 * PBES2_CIPHERS['2.16.840.1.101.3.4.1.42']?.name; // 'AES-256-CBC'
 * ```
 */
export const PBES2_CIPHERS: Readonly<
  Record<string, { name: string; keyLen: number; ivLen: number; cipher: 'aes' | 'des' }>
> = {
  '2.16.840.1.101.3.4.1.2': { name: 'AES-128-CBC', keyLen: 16, ivLen: 16, cipher: 'aes' },
  '2.16.840.1.101.3.4.1.22': { name: 'AES-192-CBC', keyLen: 24, ivLen: 16, cipher: 'aes' },
  '2.16.840.1.101.3.4.1.42': { name: 'AES-256-CBC', keyLen: 32, ivLen: 16, cipher: 'aes' },
  '1.2.840.113549.3.7': { name: 'DES-EDE3-CBC', keyLen: 24, ivLen: 8, cipher: 'des' },
  '1.3.14.3.2.7': { name: 'DES-CBC', keyLen: 8, ivLen: 8, cipher: 'des' },
};

/**
 * PBKDF2 PRFs (HMAC) by OID.
 *
 * @example
 * ```ts
 * PRF_HASH['1.2.840.113549.2.9']; // 'SHA-256'
 * ```
 */
export const PRF_HASH: Readonly<Record<string, HashName>> = {
  '1.2.840.113549.2.7': 'SHA-1',
  '1.2.840.113549.2.8': 'SHA-224',
  '1.2.840.113549.2.9': 'SHA-256',
  '1.2.840.113549.2.10': 'SHA-384',
  '1.2.840.113549.2.11': 'SHA-512',
};

/**
 * Digest algorithms of the PKCS#12 MAC, by OID.
 *
 * @example
 * ```ts
 * DIGEST_HASH['1.3.14.3.2.26']; // 'SHA-1'
 * ```
 */
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
