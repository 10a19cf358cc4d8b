/**
 * Password-based encryption for PKCS#12 bags and safes: RFC 7292 PBES1 (3DES, 2-key 3DES, RC2-128, RC2-40 with
 * the appendix B KDF) and PBES2 (PBKDF2 + AES-CBC or 3DES/DES-CBC). AES runs on WebCrypto; when the provider
 * refuses a key size (Chromium has no AES-192) the pure AES takes over.
 *
 * @module
 */
import { CryptoError } from '../../errors.ts';
import { toArrayBuffer } from '../bytes.ts';
import { aesCipher } from './aes.ts';
import { children, type Der, expectTag, int, NULL, octet, octets, oid, oidOf, seq, smallInt } from '../der.ts';
import { PBES2_CIPHERS, PKCS12_PBE, PKCS_OID, PRF_HASH } from '../oids.ts';
import { badPadding, type BlockCipher, cbcDecrypt, cbcEncrypt } from './cbc.ts';
import { desCipher } from './des.ts';
import type { HashName } from './hash.ts';
import { bmpPassword, KDF_ID, pbkdf2, pkcs12Kdf, utf8Password } from './kdf.ts';
import { rc2Cipher } from './rc2.ts';

/** A parsed encryption AlgorithmIdentifier. */
export type PbeSpec =
  | { kind: 'pkcs12'; name: string; oid: string; salt: Uint8Array; iterations: number }
  | {
      kind: 'pbes2';
      name: string;
      salt: Uint8Array;
      iterations: number;
      prf: HashName;
      cipherOid: string;
      iv: Uint8Array;
    };

const malformed = (what: string): CryptoError => new CryptoError('MALFORMED', `malformed PKCS#12: ${what}`);

const unsupported = (what: string, oid: string): CryptoError =>
  new CryptoError('UNSUPPORTED_ALGORITHM', `unsupported ${what} ${oid}`, { oid });

/**
 * Reads an encryption AlgorithmIdentifier; unknown schemes throw `UNSUPPORTED_ALGORITHM` with the PKCS_OID.
 *
 * @example
 * ```ts
 * const spec = parsePbe(children(encryptedPrivateKeyInfo)[0]);
 * ```
 */
export function parsePbe(algId: Der | undefined): PbeSpec {
  const [oidNode, params] = children(expectTag(algId, 0x30, 'AlgorithmIdentifier'));
  const algOid = oidOf(oidNode);
  const legacy = PKCS12_PBE[algOid];
  if (legacy) {
    const [salt, iter] = children(expectTag(params, 0x30, 'PBE parameters'));
    return { kind: 'pkcs12', name: legacy.name, oid: algOid, salt: octets(salt), iterations: iterations(iter) };
  }
  if (algOid !== PKCS_OID.pbes2) throw unsupported('encryption algorithm', algOid);
  const [kdf, scheme] = children(expectTag(params, 0x30, 'PBES2 parameters'));
  const [kdfOid, kdfParams] = children(expectTag(kdf, 0x30, 'PBES2 key derivation'));
  if (oidOf(kdfOid) !== PKCS_OID.pbkdf2) throw unsupported('PBES2 key derivation function', oidOf(kdfOid));
  const [salt, iter, ...rest] = children(expectTag(kdfParams, 0x30, 'PBKDF2 parameters'));
  if (salt?.tag !== 0x04) throw unsupported('PBKDF2 salt source', 'otherSource');
  const keyLength = rest[0]?.tag === 0x02 ? smallInt(rest.shift()) : undefined;
  const prfOid = rest[0] ? oidOf(children(expectTag(rest[0], 0x30, 'PBKDF2 PRF'))[0]) : '1.2.840.113549.2.7';
  const prf = PRF_HASH[prfOid];
  if (!prf) throw unsupported('PBKDF2 PRF', prfOid);
  const [cipherOidNode, ivNode] = children(expectTag(scheme, 0x30, 'PBES2 encryption scheme'));
  const cipherOid = oidOf(cipherOidNode);
  const cipher = PBES2_CIPHERS[cipherOid];
  if (!cipher) throw unsupported('PBES2 cipher', cipherOid);
  const iv = octets(ivNode);
  if (iv.length !== cipher.ivLen || (keyLength !== undefined && keyLength !== cipher.keyLen)) {
    throw malformed(`bad ${cipher.name} parameters`);
  }
  const name = `PBES2/PBKDF2-HMAC-${prf.replace('-', '')}/${cipher.name}`;
  return { kind: 'pbes2', name, salt: octets(salt), iterations: iterations(iter), prf, cipherOid, iv };
}

function iterations(node: Der | undefined): number {
  const n = smallInt(node, 'iteration count');
  if (n < 1) throw malformed('iteration count out of range');
  return n;
}

async function legacyCipher(
  spec: Extract<PbeSpec, { kind: 'pkcs12' }>,
  password: string | null,
): Promise<[BlockCipher, Uint8Array]> {
  const p = PKCS12_PBE[spec.oid]!;
  const pw = bmpPassword(password);
  const key = await pkcs12Kdf('SHA-1', pw, spec.salt, KDF_ID.KEY, spec.iterations, p.keyLen);
  const iv = await pkcs12Kdf('SHA-1', pw, spec.salt, KDF_ID.IV, spec.iterations, 8);
  return [p.cipher === 'des' ? desCipher(key) : rc2Cipher(key, p.bits!), iv];
}

async function webAes(crypto: Crypto, key: Uint8Array): Promise<CryptoKey | null> {
  try {
    return await crypto.subtle.importKey('raw', toArrayBuffer(key), 'AES-CBC', false, ['encrypt', 'decrypt']);
  } catch {
    return null; // e.g. Chromium: "AES key data must be 128 or 256 bits" — use the pure AES.
  }
}

/**
 * Decrypts with a parsed scheme. A wrong password surfaces as `CryptoError('BAD_PASSWORD')` (bad padding).
 *
 * @example
 * ```ts
 * const plain = await pbeDecrypt(spec, 'secret', data, globalThis.crypto);
 * ```
 */
export async function pbeDecrypt(
  spec: PbeSpec,
  password: string | null,
  data: Uint8Array,
  crypto: Crypto,
): Promise<Uint8Array> {
  if (spec.kind === 'pkcs12') return cbcDecrypt(...(await legacyCipher(spec, password)), data);
  const c = PBES2_CIPHERS[spec.cipherOid]!;
  const key = await pbkdf2(crypto, spec.prf, utf8Password(password), spec.salt, spec.iterations, c.keyLen);
  if (c.cipher === 'des') return cbcDecrypt(desCipher(key), spec.iv, data);
  const web = await webAes(crypto, key);
  if (!web) return cbcDecrypt(aesCipher(key), spec.iv, data);
  try {
    return new Uint8Array(
      await crypto.subtle.decrypt({ name: 'AES-CBC', iv: toArrayBuffer(spec.iv) }, web, toArrayBuffer(data)),
    );
  } catch {
    throw badPadding();
  }
}

/**
 * Encrypts for a profile: `modern` = PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC; `legacy` =
 * pbeWithSHAAnd3-KeyTripleDES-CBC. Returns the AlgorithmIdentifier DER and the ciphertext.
 *
 * @example
 * ```ts
 * const { algId, data } = await pbeEncrypt('modern', pw, plain, 2048, crypto);
 * ```
 */
export async function pbeEncrypt(
  profile: 'modern' | 'legacy',
  password: string,
  plain: Uint8Array,
  iterations: number,
  crypto: Crypto,
): Promise<{ algId: Uint8Array; data: Uint8Array }> {
  if (profile === 'legacy') {
    const salt = crypto.getRandomValues(new Uint8Array(8));
    const spec = { kind: 'pkcs12', name: '', oid: PKCS_OID.pbeSha3Des, salt, iterations } as const;
    const algId = seq(oid(PKCS_OID.pbeSha3Des), seq(octet(salt), int(iterations)));
    return { algId, data: cbcEncrypt(...(await legacyCipher(spec, password)), plain) };
  }
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(16));
  const key = await pbkdf2(crypto, 'SHA-256', utf8Password(password), salt, iterations, 32);
  const web = await webAes(crypto, key);
  const data = web
    ? new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv: toArrayBuffer(iv) }, web, toArrayBuffer(plain)))
    : cbcEncrypt(aesCipher(key), iv, plain);
  const kdf = seq(oid(PKCS_OID.pbkdf2), seq(octet(salt), int(iterations), seq(oid(PKCS_OID.hmacWithSHA256), NULL)));
  const algId = seq(oid(PKCS_OID.pbes2), seq(kdf, seq(oid(PKCS_OID.aes256Cbc), octet(iv))));
  return { algId, data };
}
