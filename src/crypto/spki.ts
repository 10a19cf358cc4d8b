/**
 * SubjectPublicKeyInfo: describing a key from its DER, and signing/verifying X.509-style signatures with
 * WebCrypto (ECDSA signatures converted between WebCrypto's r‖s and DER's ECDSA-Sig-Value).
 *
 * @module
 */
import { CryptoError } from '../errors.ts';
import { concatBytes, toArrayBuffer, toBytes } from './bytes.ts';
import {
  children,
  type Der,
  decodeInteger,
  decodeOid,
  expectTag,
  int,
  NULL,
  oid,
  oidOf,
  parseDer,
  seq,
  TAG,
} from './der.ts';
import { CURVE_OID, CURVES, KEY_OID, SIG_OID, SIGNATURE_ALGS } from './oids.ts';

/** What a public key is: RSA with its size and exponent, EC with its curve, or another algorithm by OID. */
export type PublicKeyInfo =
  | { readonly type: 'RSA'; readonly bits: number; readonly publicExponent: bigint }
  | { readonly type: 'EC'; readonly curve: string; readonly compressed: boolean }
  | { readonly type: 'other'; readonly oid: string };

/** Number of significant bits of an unsigned big-endian integer. */
function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

function readSpki(spkiDer: Uint8Array): { keyOid: string; params: Der | undefined; key: Uint8Array } {
  const [algId, bits] = children(parseDer(spkiDer, TAG.SEQUENCE, 'SubjectPublicKeyInfo'));
  const [algOid, params] = children(expectTag(algId, TAG.SEQUENCE, 'AlgorithmIdentifier'));
  const key = expectTag(bits, TAG.BIT_STRING, 'subjectPublicKey').value.subarray(1);
  return { keyOid: oidOf(algOid, 'algorithm OID'), params, key };
}

const rsaPublicKey = (key: Uint8Array): Der[] => children(parseDer(key, TAG.SEQUENCE, 'RSAPublicKey'));
const modulusOf = (n: Der | undefined): Uint8Array => expectTag(n, TAG.INTEGER, 'modulus').value;

/**
 * Describes the key inside a SubjectPublicKeyInfo.
 *
 * @example
 * ```ts
 * describeSpki(spkiDer); // { type: 'RSA', bits: 2048, publicExponent: 65537n }
 * ```
 */
export function describeSpki(spkiDer: Uint8Array): PublicKeyInfo {
  const { keyOid, params, key } = readSpki(spkiDer);
  if (keyOid === KEY_OID.RSA) {
    const [n, e] = rsaPublicKey(key);
    const modulus = modulusOf(n);
    return {
      type: 'RSA',
      bits: bitLength(modulus),
      publicExponent: decodeInteger(expectTag(e, TAG.INTEGER, 'e').value),
    };
  }
  if (keyOid === KEY_OID.EC) {
    const curveOid = params?.tag === TAG.OID ? decodeOid(params.value) : 'explicit';
    return { type: 'EC', curve: CURVES[curveOid] ?? curveOid, compressed: key[0] === 2 || key[0] === 3 };
  }
  return { type: 'other', oid: keyOid };
}

/**
 * The comparable public value of a SubjectPublicKeyInfo: the RSA modulus without leading zeros, or the EC point;
 * `null` for other key types. PKCS#12 pairs keys and certificates with it.
 *
 * @example
 * ```ts
 * bytesEqual(spkiPublicValue(cert.spkiDer)!, keyInfo(pkcs8).publicKey!);
 * ```
 */
export function spkiPublicValue(spkiDer: Uint8Array): Uint8Array | null {
  const { keyOid, key } = readSpki(spkiDer);
  if (keyOid === KEY_OID.EC) return key;
  return keyOid === KEY_OID.RSA ? stripZeros(modulusOf(rsaPublicKey(key)[0])) : null;
}

/**
 * `v` without its leading zero bytes (one byte is kept).
 *
 * @example
 * ```ts
 * stripZeros(new Uint8Array([0, 0x80])); // [0x80]
 * ```
 */
export function stripZeros(v: Uint8Array): Uint8Array {
  let i = 0;
  while (i < v.length - 1 && v[i] === 0) i++;
  return v.subarray(i);
}

/** The WebCrypto parameters to import a key of this description for signing or verifying with `hash`. */
function importParams(info: PublicKeyInfo, hash: string): RsaHashedImportParams | EcKeyImportParams {
  if (info.type === 'RSA') return { name: 'RSASSA-PKCS1-v1_5', hash };
  if (info.type === 'EC') return { name: 'ECDSA', namedCurve: info.curve };
  throw new CryptoError('UNSUPPORTED_ALGORITHM', 'unsupported public key algorithm', { oid: info.oid });
}

/** Byte length of r and s for an ECDSA curve. */
function curveSize(curve: string): number {
  return curve === 'P-521' ? 66 : curve === 'P-384' ? 48 : 32;
}

function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const unsigned = (b: Uint8Array): bigint => decodeInteger(concatBytes(new Uint8Array([0]), b));
  return seq(int(unsigned(raw.subarray(0, half))), int(unsigned(raw.subarray(half))));
}

function ecdsaDerToRaw(der: Uint8Array, size: number): Uint8Array {
  const [r, s] = children(expectTag(parseDer(der), TAG.SEQUENCE, 'ECDSA-Sig-Value'));
  const out = new Uint8Array(size * 2);
  [r, s].forEach((part, i) => {
    let v = expectTag(part, TAG.INTEGER, 'ECDSA integer').value;
    while (v.length > size && v[0] === 0) v = v.subarray(1);
    if (v.length > size) throw new CryptoError('MALFORMED', 'ECDSA signature integer too long');
    out.set(v, (i + 1) * size - v.length);
  });
  return out;
}

/** The signature algorithm this package uses for a private key: the OID, its DER AlgorithmIdentifier, the hash. */
export interface SigningAlgorithm {
  readonly oid: string;
  readonly algorithmIdentifier: Uint8Array;
  readonly hash: 'SHA-256' | 'SHA-384' | 'SHA-512';
}

const RSA_SIG_OIDS: Readonly<Record<string, string>> = {
  'SHA-256': SIG_OID.RSA_SHA256,
  'SHA-384': '1.2.840.113549.1.1.12',
  'SHA-512': '1.2.840.113549.1.1.13',
};

/**
 * Picks the signature algorithm for a private key: RSA with the key's hash (SHA-256 for keys from this package); ECDSA with SHA-256 (P-256), SHA-384 (P-384),
 * SHA-512 (P-521).
 *
 * @example
 * ```ts
 * signingAlgorithmFor(keys.privateKey).oid; // '1.2.840.10045.4.3.2'
 * ```
 */
export function signingAlgorithmFor(key: CryptoKey): SigningAlgorithm {
  const alg = key.algorithm as KeyAlgorithm & { namedCurve?: string };
  if (alg.name === 'RSASSA-PKCS1-v1_5') {
    // RSASSA-PKCS1-v1_5 signs with the hash bound to the key at generation or import.
    const hash = ((alg as RsaHashedKeyAlgorithm).hash?.name ?? 'SHA-256') as SigningAlgorithm['hash'];
    const o = RSA_SIG_OIDS[hash];
    if (!o) throw new CryptoError('UNSUPPORTED_ALGORITHM', `cannot sign with RSA and ${hash}`);
    return { oid: o, algorithmIdentifier: seq(oid(o), NULL), hash };
  }
  if (alg.name === 'ECDSA' && alg.namedCurve && CURVE_OID[alg.namedCurve]) {
    const [o, hash] =
      alg.namedCurve === 'P-384'
        ? ([SIG_OID.ECDSA_SHA384, 'SHA-384'] as const)
        : alg.namedCurve === 'P-521'
          ? ([SIG_OID.ECDSA_SHA512, 'SHA-512'] as const)
          : ([SIG_OID.ECDSA_SHA256, 'SHA-256'] as const);
    return { oid: o, algorithmIdentifier: seq(oid(o)), hash };
  }
  throw new CryptoError('UNSUPPORTED_ALGORITHM', `cannot sign with a ${alg.name} key`);
}

/**
 * Signs `data` with a private key, returning the signature as X.509 carries it (DER ECDSA-Sig-Value for ECDSA).
 *
 * @example
 * ```ts
 * const sig = await signTbs(keys.privateKey, tbs, crypto);
 * ```
 */
export async function signTbs(
  key: CryptoKey,
  data: Uint8Array,
  crypto: Crypto = globalThis.crypto,
): Promise<Uint8Array> {
  const { hash } = signingAlgorithmFor(key);
  const params = key.algorithm.name === 'ECDSA' ? { name: 'ECDSA', hash } : { name: key.algorithm.name };
  const sig = toBytes(await crypto.subtle.sign(params, key, toArrayBuffer(data)));
  return key.algorithm.name === 'ECDSA' ? ecdsaRawToDer(sig) : sig;
}

/**
 * Verifies an X.509-style signature. Returns `true`/`false`, or `null` when it cannot be checked here (a hash
 * WebCrypto lacks, RSA-PSS, an exponent or curve the runtime's WebCrypto refuses to import).
 *
 * @example
 * ```ts
 * await verifyTbs(spkiDer, '1.2.840.113549.1.1.11', tbs, signature); // true
 * ```
 */
export async function verifyTbs(
  spkiDer: Uint8Array,
  sigOid: string,
  data: Uint8Array,
  signature: Uint8Array,
  crypto: Crypto = globalThis.crypto,
): Promise<boolean | null> {
  const alg = SIGNATURE_ALGS[sigOid];
  const info = describeSpki(spkiDer);
  if (!alg?.hash || info.type === 'other') return null;
  if (alg.key !== info.type) return false;
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey('spki', toArrayBuffer(spkiDer), importParams(info, alg.hash), false, [
      'verify',
    ]);
  } catch {
    return null;
  }
  let sig = signature;
  if (info.type === 'EC') {
    try {
      sig = ecdsaDerToRaw(signature, curveSize(info.curve));
    } catch {
      return false;
    }
  }
  const params = info.type === 'EC' ? { name: 'ECDSA', hash: alg.hash } : { name: 'RSASSA-PKCS1-v1_5' };
  try {
    return await crypto.subtle.verify(params, key, toArrayBuffer(sig), toArrayBuffer(data));
  } catch {
    return null;
  }
}
