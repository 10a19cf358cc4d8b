/**
 * The PKCS#12 password-integrity MAC (RFC 7292 section 5): HMAC keyed by the appendix B KDF (ID 3), SHA-1 to
 * SHA-512. PBMAC1 (RFC 9579) and any other MAC algorithm are reported as unsupported, with their PKCS_OID.
 *
 * @module
 */
import { CryptoError } from '../../errors.ts';
import { bytesEqual } from '../bytes.ts';
import { children, type Der, expectTag, int, NULL, octet, octets, oid, oidOf, seq, smallInt } from '../der.ts';
import { DIGEST_HASH, digestOid, PKCS_OID } from '../oids.ts';
import { type HashName, hashSizes, hmac } from './hash.ts';
import { bmpPassword, KDF_ID, pkcs12Kdf } from './kdf.ts';

/** A parsed MacData. */
export interface MacInfo {
  readonly hash: HashName;
  readonly digest: Uint8Array;
  readonly salt: Uint8Array;
  readonly iterations: number;
}

/**
 * Reads MacData; an unknown digest (PBMAC1, BLAKE2…) throws `UNSUPPORTED_ALGORITHM` naming the PKCS_OID.
 *
 * @example
 * ```ts
 * const mac = parseMac(children(pfx)[2]);
 * ```
 */
export function parseMac(node: Der): MacInfo {
  const [digestInfo, salt, iter] = children(expectTag(node, 0x30, 'MacData'));
  const [algId, value] = children(expectTag(digestInfo, 0x30, 'DigestInfo'));
  const oid = oidOf(children(expectTag(algId, 0x30, 'MAC AlgorithmIdentifier'))[0]);
  const hash = DIGEST_HASH[oid];
  if (!hash) {
    const what = oid === PKCS_OID.pbmac1 ? 'MAC algorithm PBMAC1 (RFC 9579)' : 'MAC algorithm';
    throw new CryptoError('UNSUPPORTED_ALGORITHM', `unsupported ${what} ${oid}`, { oid });
  }
  const iterations = iter ? smallInt(iter, 'MAC iteration count') : 1;
  if (iterations < 1) throw new CryptoError('MALFORMED', 'MAC iteration count out of range');
  return { hash, digest: octets(value), salt: octets(salt), iterations };
}

async function compute(
  hash: HashName,
  password: string | null,
  salt: Uint8Array,
  iterations: number,
  data: Uint8Array,
): Promise<Uint8Array> {
  const key = await pkcs12Kdf(hash, bmpPassword(password), salt, KDF_ID.MAC, iterations, hashSizes(hash).out);
  return hmac(hash, key, data);
}

/**
 * Checks the MAC over the AuthenticatedSafe bytes with one password candidate.
 *
 * @example
 * ```ts
 * if (!(await verifyMac(mac, authSafe, password))) throw …;
 * ```
 */
export async function verifyMac(mac: MacInfo, authSafe: Uint8Array, password: string | null): Promise<boolean> {
  return bytesEqual(await compute(mac.hash, password, mac.salt, mac.iterations, authSafe), mac.digest);
}

/**
 * Builds MacData DER for the AuthenticatedSafe bytes.
 *
 * @example
 * ```ts
 * const macData = await createMac('SHA-256', password, authSafe, 2048, crypto);
 * ```
 */
export async function createMac(
  hash: HashName,
  password: string,
  authSafe: Uint8Array,
  iterations: number,
  crypto: Crypto,
): Promise<Uint8Array> {
  const salt = crypto.getRandomValues(new Uint8Array(hash === 'SHA-1' ? 8 : 16));
  const value = await compute(hash, password, salt, iterations, authSafe);
  return seq(seq(seq(oid(digestOid(hash)), NULL), octet(value)), octet(salt), int(iterations));
}
